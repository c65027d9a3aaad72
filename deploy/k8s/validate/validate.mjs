// Reads rendered Kubernetes manifests (YAML, several documents) on stdin, validates every object against the
// Kubernetes schemas of kubernetes-models (offline: the schemas ship in the package), and prints the objects as one
// JSON array on stdout for the product's own checks (tests/Deploy.Tests). Exits 1, naming each object and the
// offending field, when an object is invalid or of a kind the schemas don't know.
import { parseAllDocuments } from "yaml";

const input = await new Promise((resolve, reject) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", chunk => (text += chunk));
  process.stdin.on("end", () => resolve(text));
  process.stdin.on("error", reject);
});

const objects = [];
const errors = [];
for (const document of parseAllDocuments(input)) {
  if (document.errors.length > 0) {
    errors.push(`YAML: ${document.errors.map(e => e.message).join("; ")}`);
    continue;
  }
  const object = document.toJS();
  if (object !== null && object !== undefined) {
    objects.push(object);
  }
}

for (const object of objects) {
  const name = `${object.kind ?? "(no kind)"} ${object.metadata?.name ?? "(no name)"}`;
  const [group, version] = String(object.apiVersion ?? "").includes("/") ? object.apiVersion.split("/") : [null, object.apiVersion];
  const module = group === null ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
  let models;
  try {
    models = await import(module);
  } catch {
    errors.push(`${name}: apiVersion '${object.apiVersion}' is not a Kubernetes API version the schemas know`);
    continue;
  }
  const Model = models[object.kind];
  if (typeof Model !== "function") {
    errors.push(`${name}: kind '${object.kind}' is not in ${object.apiVersion}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    const details = Array.isArray(error.errors)
      ? error.errors.map(e => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` '${e.params.additionalProperty}'` : ""}`).join("; ")
      : error.message;
    errors.push(`${name}: ${details}`);
  }
}

if (errors.length > 0) {
  for (const error of errors) {
    console.error(`invalid: ${error}`);
  }
  process.exit(1);
}

if (objects.length === 0) {
  console.error("invalid: no objects on stdin");
  process.exit(1);
}

process.stdout.write(JSON.stringify(objects));
