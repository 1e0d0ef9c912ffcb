# syntax=docker/dockerfile:1
# One image, two entry points: the Api (default) and the Silo; plus the token tool.
#   docker build -t notifications .
#   docker run -p 8080:8080 -e Auth__SigningKey=... notifications                 # Api, co-hosted silo, SQLite
#   docker run -w /app/silo --entrypoint dotnet -e Storage__Provider=Postgres ... notifications Notifications.Silo.dll
#   docker run --rm --entrypoint dotnet -e Auth__SigningKey=... notifications /app/token/Notifications.Token.dll --user alice
# Both listen on ASPNETCORE_URLS (http://+:8080 below): neither ships a Urls setting that would override it.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props Notifications.sln ./
COPY src/Auth/Auth.csproj src/Auth/
COPY src/Grains.Abstractions/Grains.Abstractions.csproj src/Grains.Abstractions/
COPY src/Grains/Grains.csproj src/Grains/
COPY src/ServiceDefaults/ServiceDefaults.csproj src/ServiceDefaults/
COPY src/Silo/Silo.csproj src/Silo/
COPY src/Api/Api.csproj src/Api/
COPY tools/Token/Token.csproj tools/Token/
RUN dotnet restore src/Api/Api.csproj && dotnet restore src/Silo/Silo.csproj && dotnet restore tools/Token/Token.csproj
# .dockerignore keeps the host's bin/ and obj/ out: they would replace the assets restored above.
COPY src/ src/
COPY tools/Token/ tools/Token/
RUN dotnet publish src/Api/Api.csproj -c Release --no-restore -p:BuildWebApp=false -o /app/api \
 && dotnet publish src/Silo/Silo.csproj -c Release --no-restore -o /app/silo \
 && dotnet publish tools/Token/Token.csproj -c Release --no-restore -o /app/token

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# IANA time zones for do-not-disturb windows.
RUN apt-get update && apt-get install -y --no-install-recommends tzdata && rm -rf /var/lib/apt/lists/*
# Each entry point keeps its own folder: both ship an appsettings.json.
COPY --from=build /app/api /app/api
COPY --from=build /app/silo /app/silo
COPY --from=build /app/token /app/token
RUN mkdir -p /app/data && chown -R app:app /app/data
USER app
WORKDIR /app/api
ENV ASPNETCORE_URLS=http://+:8080 \
    Storage__SqlitePath=/app/data/notifications.db
EXPOSE 8080 8081 11111 30000
VOLUME /app/data
ENTRYPOINT ["dotnet", "Notifications.Api.dll"]
