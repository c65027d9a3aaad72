# The OrleansFlows image: the silo (/app/silo) and the API (/app/api) of one build, run by .NET's non-root user.
# Build: docker build -t registry.example.com/orleansflows:1.0.0 .   (see docs/deploy.md, "The image")
# The Kubernetes manifests (deploy/k8s) choose what a container runs with its arguments:
#   /app/silo/OrleansFlows.Silo.dll                  a silo
#   /app/silo/OrleansFlows.Silo.dll --migrate-only   create or upgrade the schema, then exit
#   /app/api/OrleansFlows.Api.dll                    the REST API (the default)

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so the package layer is reused while only sources change.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Contracts/OrleansFlows.Contracts.csproj src/Contracts/
COPY src/Storage/OrleansFlows.Storage.csproj src/Storage/
COPY src/Grains/OrleansFlows.Grains.csproj src/Grains/
COPY src/Silo/OrleansFlows.Silo.csproj src/Silo/
COPY src/Api/OrleansFlows.Api.csproj src/Api/
RUN dotnet restore src/Silo/OrleansFlows.Silo.csproj && dotnet restore src/Api/OrleansFlows.Api.csproj
COPY src/ src/
# The API embeds the workflow definition schema.
COPY docs/workflow-definition.schema.json docs/
RUN dotnet publish src/Silo/OrleansFlows.Silo.csproj -c Release --no-restore -o /out/silo \
 && dotnet publish src/Api/OrleansFlows.Api.csproj -c Release --no-restore -o /out/api

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /out/silo /app/silo
COPY --from=build /out/api /app/api
# The data folder (owner-only files the host keeps) is a volume in Kubernetes; the root filesystem can stay read-only.
RUN mkdir -p /app/data && chown "$APP_UID" /app/data
# .NET's images ship a non-root user ('app', uid 1654); the manifests run as that uid too.
USER $APP_UID
ENV DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production
EXPOSE 8080 8081 11111 30000
ENTRYPOINT ["dotnet"]
CMD ["/app/api/OrleansFlows.Api.dll", "--urls", "http://+:8080"]
