using System.Text.Json;
using OrleansFlows.Silo.Hosting;

namespace OrleansFlows.Deploy.Tests;

/// <summary>
/// The Kubernetes manifests (deploy/k8s) against the Kubernetes schemas and against the product: settings it reads,
/// paths and ports it serves, selectors that find the Deployments, and secrets only referenced.
/// </summary>
public sealed class ManifestTests
{
    public static TheoryData<string> Overlays => new(RenderedOverlay.Names);

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_Renders_EveryObjectValidAgainstKubernetesSchemas(string overlay)
    {
        // Rendering fails the test with the validator's message (object and field) when an object is invalid.
        var rendered = RenderedOverlay.Of(overlay);

        var kinds = rendered.Objects.Select(o => o.GetProperty("kind").GetString()).ToHashSet();
        Assert.Superset(
            new HashSet<string?> { "ConfigMap", "Deployment", "Service", "Job", "PodDisruptionBudget", "HorizontalPodAutoscaler", "NetworkPolicy", "Role", "RoleBinding", "ServiceAccount" },
            kinds);
        Assert.All(rendered.Objects, o => Assert.Equal("orleansflows", o.GetProperty("metadata").TryGetProperty("namespace", out var ns) ? ns.GetString() : null));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void EnvironmentVariables_AreDocumentedSettings(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        var undocumented = new List<string>();
        foreach (var (owner, container) in Containers(rendered))
        {
            foreach (var variable in EnvironmentOf(container, rendered))
            {
                if (!DocumentedSettings.Names.Contains(variable))
                {
                    undocumented.Add($"{owner}/{container.GetProperty("name").GetString()}: {variable}");
                }
            }
        }

        Assert.True(undocumented.Count == 0, "set by the manifests but not in the README's settings tables: " + string.Join(", ", undocumented));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Probes_UseTheHealthPathsAndPortsTheProcessesServe(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);

        var silo = SingleContainer(rendered.Single("Deployment", "orleansflows-silo"));
        var healthPort = int.Parse(Env(silo, SiloHealthEndpoints.PortSetting.Replace(":", "__", StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
        AssertProbes(silo, healthPort);
        Assert.Equal(30000, ContainerPort(silo, "gateway"));
        Assert.Equal(int.Parse(ConfigValue(rendered, "OrleansFlows__Cluster__GatewayPort"), System.Globalization.CultureInfo.InvariantCulture), ContainerPort(silo, "gateway"));

        var api = SingleContainer(rendered.Single("Deployment", "orleansflows-api"));
        var arguments = api.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToList();
        var urls = arguments[arguments.IndexOf("--urls") + 1];
        var apiPort = new Uri(urls.Replace("+", "localhost", StringComparison.Ordinal)).Port;
        AssertProbes(api, apiPort);
        Assert.Equal("Client", Env(api, "OrleansFlows__Mode"));

        var service = rendered.Single("Service", "orleansflows-api");
        var target = service.GetProperty("spec").GetProperty("ports")[0].GetProperty("targetPort");
        Assert.Equal(apiPort, target.ValueKind == JsonValueKind.Number ? target.GetInt32() : ContainerPort(api, target.GetString()!));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Selectors_OfBudgetsAutoscalersServiceAndPolicy_FindTheDeployments(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        var deployments = rendered.OfKind("Deployment").ToDictionary(RenderedOverlay.NameOf);
        Assert.Equal(["orleansflows-api", "orleansflows-silo"], deployments.Keys.Order());

        foreach (var deployment in deployments.Values)
        {
            Assert.True(Matches(deployment.GetProperty("spec").GetProperty("selector").GetProperty("matchLabels"), PodLabels(deployment)), $"{RenderedOverlay.NameOf(deployment)}: its selector does not match its pods");
        }

        foreach (var budget in rendered.OfKind("PodDisruptionBudget"))
        {
            var selector = budget.GetProperty("spec").GetProperty("selector").GetProperty("matchLabels");
            var found = deployments.Values.Where(d => Matches(selector, PodLabels(d))).Select(RenderedOverlay.NameOf).ToList();
            Assert.True(found.Count == 1, $"PodDisruptionBudget {RenderedOverlay.NameOf(budget)} selects {found.Count} Deployments' pods ({string.Join(", ", found)}); it must select exactly one");
            Assert.Equal(1, budget.GetProperty("spec").GetProperty("maxUnavailable").GetInt32());
        }

        Assert.Equal(["orleansflows-api", "orleansflows-silo"], rendered.OfKind("PodDisruptionBudget").Select(RenderedOverlay.NameOf).Order());

        foreach (var autoscaler in rendered.OfKind("HorizontalPodAutoscaler"))
        {
            var spec = autoscaler.GetProperty("spec");
            var target = spec.GetProperty("scaleTargetRef");
            Assert.Equal("Deployment", target.GetProperty("kind").GetString());
            var name = target.GetProperty("name").GetString()!;
            Assert.True(deployments.ContainsKey(name), $"HorizontalPodAutoscaler {RenderedOverlay.NameOf(autoscaler)} scales {name}, which is not rendered");
            var replicas = deployments[name].GetProperty("spec").GetProperty("replicas").GetInt32();
            Assert.InRange(replicas, spec.GetProperty("minReplicas").GetInt32(), spec.GetProperty("maxReplicas").GetInt32());
            Assert.Contains(spec.GetProperty("metrics").EnumerateArray(), m => m.GetProperty("type").GetString() == "Resource" && m.GetProperty("resource").GetProperty("name").GetString() == "cpu");
        }

        var siloScaler = rendered.Single("HorizontalPodAutoscaler", "orleansflows-silo").GetProperty("spec").GetProperty("metrics").EnumerateArray()
            .Single(m => m.GetProperty("type").GetString() == "External").GetProperty("external");
        Assert.Equal("orleansflows_executor_backlog", siloScaler.GetProperty("metric").GetProperty("name").GetString());
        var silo = SingleContainer(deployments["orleansflows-silo"]);
        Assert.Equal(Env(silo, "OTEL_SERVICE_NAME"), siloScaler.GetProperty("metric").GetProperty("selector").GetProperty("matchLabels").GetProperty("job").GetString());

        var service = rendered.Single("Service", "orleansflows-api").GetProperty("spec").GetProperty("selector");
        Assert.True(Matches(service, PodLabels(deployments["orleansflows-api"])), "the API Service does not select the API pods");
        Assert.False(Matches(service, PodLabels(deployments["orleansflows-silo"])), "the API Service selects silo pods");

        var policy = rendered.Single("NetworkPolicy", "orleansflows-silo").GetProperty("spec");
        Assert.True(Matches(policy.GetProperty("podSelector").GetProperty("matchLabels"), PodLabels(deployments["orleansflows-silo"])), "the NetworkPolicy does not select the silo pods");
        var siloPorts = new HashSet<string> { "silo", "gateway" };
        foreach (var rule in policy.GetProperty("ingress").EnumerateArray())
        {
            var ports = rule.GetProperty("ports").EnumerateArray().Select(p => p.GetProperty("port").ToString()).ToList();
            Assert.All(ports, p => Assert.True(ContainerPortNamed(silo, p), $"the NetworkPolicy names port {p}, which the silo container does not declare"));
            if (!ports.Any(siloPorts.Contains))
            {
                continue;
            }

            Assert.True(rule.TryGetProperty("from", out var from), "a rule that opens a silo port must name who may reach it");
            Assert.All(from.EnumerateArray(), peer => Assert.True(
                deployments.Values.Any(d => Matches(peer.GetProperty("podSelector").GetProperty("matchLabels"), PodLabels(d))),
                "a NetworkPolicy peer on a silo port selects neither silos nor APIs"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Secrets_AreOnlyReferenced_AndDocumented(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        Assert.Empty(rendered.OfKind("Secret").Select(RenderedOverlay.NameOf));

        var deployDoc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "deploy.md"));
        var referenced = new HashSet<string>();
        foreach (var (owner, container) in Containers(rendered))
        {
            foreach (var variable in container.TryGetProperty("env", out var env) ? env.EnumerateArray() : Enumerable.Empty<JsonElement>())
            {
                var name = variable.GetProperty("name").GetString()!;
                if (variable.TryGetProperty("valueFrom", out var from) && from.TryGetProperty("secretKeyRef", out var secret))
                {
                    referenced.Add($"{secret.GetProperty("name").GetString()}/{secret.GetProperty("key").GetString()}");
                }
                else if (IsSecretSetting(name))
                {
                    Assert.Fail($"{owner}: {name} is a secret; take it from a Secret (valueFrom.secretKeyRef), never inline it");
                }
            }
        }

        foreach (var configMap in rendered.OfKind("ConfigMap"))
        {
            Assert.DoesNotContain(configMap.GetProperty("data").EnumerateObject(), p => IsSecretSetting(p.Name));
        }

        foreach (var pod in PodSpecs(rendered))
        {
            foreach (var volume in pod.Spec.TryGetProperty("volumes", out var volumes) ? volumes.EnumerateArray() : Enumerable.Empty<JsonElement>())
            {
                if (volume.TryGetProperty("secret", out var secret))
                {
                    referenced.Add(secret.GetProperty("secretName").GetString()!);
                }
            }
        }

        Assert.Contains("orleansflows-database/serving", referenced);
        Assert.Contains("orleansflows-encryption-keys/keys", referenced);
        Assert.Contains("orleansflows-operator-key/key", referenced);
        Assert.Contains("orleansflows-cluster-tls", referenced);
        Assert.All(referenced, r => Assert.True(deployDoc.Contains(r.Split('/')[0], StringComparison.Ordinal) && deployDoc.Contains($"`{r.Split('/').Last()}`", StringComparison.Ordinal), $"docs/deploy.md does not describe the Secret {r}"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Pods_RunAsNonRoot_WithReadOnlyRoot_AndResourcesSet(string overlay)
    {
        foreach (var pod in PodSpecs(RenderedOverlay.Of(overlay)))
        {
            Assert.True(pod.Spec.GetProperty("securityContext").GetProperty("runAsNonRoot").GetBoolean(), $"{pod.Owner} may run as root");
            foreach (var container in pod.Spec.GetProperty("containers").EnumerateArray())
            {
                var security = container.GetProperty("securityContext");
                Assert.True(security.GetProperty("readOnlyRootFilesystem").GetBoolean(), $"{pod.Owner}: writable root filesystem");
                Assert.False(security.GetProperty("allowPrivilegeEscalation").GetBoolean(), $"{pod.Owner}: privilege escalation allowed");
                Assert.Contains(container.GetProperty("volumeMounts").EnumerateArray(), m => m.GetProperty("mountPath").GetString() == "/tmp");
                var resources = container.GetProperty("resources");
                foreach (var kind in new[] { "requests", "limits" })
                {
                    foreach (var resource in new[] { "cpu", "memory" })
                    {
                        Assert.True(resources.GetProperty(kind).TryGetProperty(resource, out _), $"{pod.Owner}: no {resource} {kind}");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void GracePeriods_CoverTheGracefulStopAndThePreStopPause(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        foreach (var name in new[] { "orleansflows-silo", "orleansflows-api" })
        {
            var pod = rendered.Single("Deployment", name).GetProperty("spec").GetProperty("template").GetProperty("spec");
            var container = pod.GetProperty("containers")[0];
            var preStop = container.GetProperty("lifecycle").GetProperty("preStop").GetProperty("sleep").GetProperty("seconds").GetInt32();
            // The host's shutdown timeout (30 s, .NET's default) holds the step drain and Orleans' graceful stop.
            Assert.True(pod.GetProperty("terminationGracePeriodSeconds").GetInt32() >= preStop + 30, $"{name}: the grace period must cover the preStop pause and a 30 s graceful stop");
        }

        var migrate = rendered.Single("Job", "orleansflows-migrate");
        var args = SingleContainer(migrate).GetProperty("args").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Contains(SiloHealthEndpoints.MigrateOnlyArgument, args);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void KubernetesHosting_PodLabelsMatchTheClusterIds_PodFieldsAreSet_AndTheRoleGrantsPodAccess(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        var deployment = rendered.Single("Deployment", "orleansflows-silo");
        var silo = SingleContainer(deployment);
        var labels = PodLabels(deployment);
        Assert.Equal("true", Env(silo, "OrleansFlows__Cluster__KubernetesHosting"));
        Assert.Equal(ConfigValue(rendered, "OrleansFlows__Cluster__ClusterId"), labels.GetProperty("orleans/clusterId").GetString());
        Assert.Equal(ConfigValue(rendered, "OrleansFlows__Cluster__ServiceId"), labels.GetProperty("orleans/serviceId").GetString());

        // The downward API fields Orleans' Kubernetes hosting reads, each defined before a variable that expands it.
        var names = silo.GetProperty("env").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();
        foreach (var (variable, field) in new[] { ("POD_NAME", "metadata.name"), ("POD_NAMESPACE", "metadata.namespace"), ("POD_IP", "status.podIP") })
        {
            var entry = silo.GetProperty("env").EnumerateArray().Single(e => e.GetProperty("name").GetString() == variable);
            Assert.Equal(field, entry.GetProperty("valueFrom").GetProperty("fieldRef").GetProperty("fieldPath").GetString());
        }

        Assert.True(names.IndexOf("POD_NAME") < names.IndexOf("OTEL_RESOURCE_ATTRIBUTES"), "OTEL_RESOURCE_ATTRIBUTES expands $(POD_NAME), so POD_NAME must come first");
        Assert.Equal("service.instance.id=$(POD_NAME)", Env(silo, "OTEL_RESOURCE_ATTRIBUTES"));

        var account = deployment.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("serviceAccountName").GetString();
        var binding = Assert.Single(rendered.OfKind("RoleBinding"), b => b.GetProperty("subjects").EnumerateArray().Any(s => s.GetProperty("name").GetString() == account));
        var role = rendered.Single("Role", binding.GetProperty("roleRef").GetProperty("name").GetString()!);
        var rule = Assert.Single(role.GetProperty("rules").EnumerateArray());
        Assert.Equal(["pods"], rule.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["get", "list", "patch", "watch"], rule.GetProperty("verbs").EnumerateArray().Select(v => v.GetString()).Order());
    }

    private static void AssertProbes(JsonElement container, int port)
    {
        foreach (var (probe, path) in new[] { ("livenessProbe", SiloHealthEndpoints.LivePath), ("readinessProbe", SiloHealthEndpoints.ReadyPath), ("startupProbe", SiloHealthEndpoints.ReadyPath) })
        {
            var get = container.GetProperty(probe).GetProperty("httpGet");
            Assert.Equal(path, get.GetProperty("path").GetString());
            var probePort = get.GetProperty("port");
            Assert.Equal(port, probePort.ValueKind == JsonValueKind.Number ? probePort.GetInt32() : ContainerPort(container, probePort.GetString()!));
        }
    }

    private static bool IsSecretSetting(string name) =>
        name.Contains("ConnectionString", StringComparison.Ordinal) || name.EndsWith("EncryptionKeys", StringComparison.Ordinal) ||
        name.EndsWith("OperatorKey", StringComparison.Ordinal) || name.Contains("Password", StringComparison.Ordinal);

    private static IEnumerable<(string Owner, JsonElement Spec)> PodSpecs(RenderedOverlay rendered) =>
        rendered.OfKind("Deployment").Concat(rendered.OfKind("Job"))
            .Select(o => ($"{o.GetProperty("kind").GetString()} {RenderedOverlay.NameOf(o)}", o.GetProperty("spec").GetProperty("template").GetProperty("spec")));

    private static IEnumerable<(string Owner, JsonElement Container)> Containers(RenderedOverlay rendered) =>
        PodSpecs(rendered).SelectMany(p => p.Spec.GetProperty("containers").EnumerateArray().Select(c => (p.Owner, c)));

    private static IEnumerable<string> EnvironmentOf(JsonElement container, RenderedOverlay rendered)
    {
        if (container.TryGetProperty("env", out var env))
        {
            foreach (var variable in env.EnumerateArray())
            {
                yield return variable.GetProperty("name").GetString()!;
            }
        }

        if (container.TryGetProperty("envFrom", out var from))
        {
            foreach (var source in from.EnumerateArray())
            {
                var map = rendered.Single("ConfigMap", source.GetProperty("configMapRef").GetProperty("name").GetString()!);
                foreach (var entry in map.GetProperty("data").EnumerateObject())
                {
                    yield return entry.Name;
                }
            }
        }
    }

    private static JsonElement SingleContainer(JsonElement workload) =>
        Assert.Single(workload.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers").EnumerateArray());

    private static string Env(JsonElement container, string name) =>
        container.GetProperty("env").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name).GetProperty("value").GetString()!;

    private static string ConfigValue(RenderedOverlay rendered, string name) =>
        rendered.Single("ConfigMap", "orleansflows-config").GetProperty("data").GetProperty(name).GetString()!;

    private static int ContainerPort(JsonElement container, string name) =>
        container.GetProperty("ports").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).GetProperty("containerPort").GetInt32();

    private static bool ContainerPortNamed(JsonElement container, string name) =>
        container.GetProperty("ports").EnumerateArray().Any(p => p.GetProperty("name").GetString() == name || p.GetProperty("containerPort").ToString() == name);

    private static JsonElement PodLabels(JsonElement workload) =>
        workload.GetProperty("spec").GetProperty("template").GetProperty("metadata").GetProperty("labels");

    private static bool Matches(JsonElement selector, JsonElement labels) =>
        selector.EnumerateObject().All(s => labels.TryGetProperty(s.Name, out var value) && value.GetString() == s.Value.GetString());
}
