# syntax=docker/dockerfile:1
# Multi-stage build: the SDK image compiles and publishes, the ASP.NET runtime image runs as a non-root user on 8080.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so that code changes do not invalidate the package layer.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY Cashman.Domain/Cashman.Domain.csproj Cashman.Domain/
COPY Cashman.Infrastructure/Cashman.Infrastructure.csproj Cashman.Infrastructure/
COPY Cashman.Api/Cashman.Api.csproj Cashman.Api/
RUN dotnet restore Cashman.Api/Cashman.Api.csproj
COPY Cashman.Domain/ Cashman.Domain/
COPY Cashman.Infrastructure/ Cashman.Infrastructure/
COPY Cashman.Api/ Cashman.Api/
RUN dotnet publish Cashman.Api/Cashman.Api.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_NOLOGO=1
EXPOSE 8080 9464
# The image's built-in unprivileged 'app' user.
USER $APP_UID
ENTRYPOINT ["dotnet", "Cashman.Api.dll"]
