# The dataengineer host: one image for every role (scheduler, worker, webserver, standalone).
# Build:  docker build -t dataengineer .        Run: see docker-compose.yml and the README's "Docker Compose" section.

# --- build: restore and publish with the .NET SDK ---
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first from the project files only, so a code change does not invalidate the package layer.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/DataEngineer.Sdk/DataEngineer.Sdk.csproj src/DataEngineer.Sdk/
COPY src/DataEngineer.Sdk.Postgres/DataEngineer.Sdk.Postgres.csproj src/DataEngineer.Sdk.Postgres/
COPY src/DataEngineer.Core/DataEngineer.Core.csproj src/DataEngineer.Core/
COPY src/DataEngineer.Postgres/DataEngineer.Postgres.csproj src/DataEngineer.Postgres/
COPY src/DataEngineer.Execution/DataEngineer.Execution.csproj src/DataEngineer.Execution/
COPY src/DataEngineer.Host/DataEngineer.Host.csproj src/DataEngineer.Host/
COPY ui/DataEngineer.Ui/DataEngineer.Ui.csproj ui/DataEngineer.Ui/
RUN dotnet restore src/DataEngineer.Host/DataEngineer.Host.csproj
COPY src/ src/
COPY ui/ ui/
RUN dotnet publish src/DataEngineer.Host/DataEngineer.Host.csproj -c Release --no-restore -o /app

# --- runtime: the ASP.NET Core runtime only, run as a non-root user ---
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl for the web role's HTTP health check (the scheduler and worker use 'dataengineer health check');
# postgresql-client for 'dataengineer db shell'.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl postgresql-client \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# DAG files compile against the .NET reference assemblies the publish put in dag-references/, and tasks parse and
# format locale data with ICU (the base image's libicu; the host does not run invariant): the build fails without either.
RUN test -f /app/dag-references/System.Runtime.dll \
 && ls /usr/lib/*-linux-gnu/libicuuc.so.* > /dev/null
# The example DAGs are baked in; docker-compose.yml mounts ./dags over them so edits are live (hot reload).
COPY dags/ /opt/dataengineer/dags/
RUN mkdir -p /var/cache/dataengineer && chown "$APP_UID" /var/cache/dataengineer
ENV DataEngineer__DagsFolder=/opt/dataengineer/dags \
    DataEngineer__DagCacheFolder=/var/cache/dataengineer/dag-cache \
    DataEngineer__Web__ListenAddress=0.0.0.0
# APP_UID is the unprivileged 'app' user the .NET images create (uid 1654).
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "/app/dataengineer.dll"]
CMD ["--help"]
