using Cashman.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cashman.Api.Operations;

/// <summary>Ready only when every migration this build knows has been applied.</summary>
public sealed class MigrationsHealthCheck(CashmanDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken);
        return pending.Any()
            ? HealthCheckResult.Unhealthy("The database has pending migrations; run 'dotnet Cashman.Api.dll migrate'.")
            : HealthCheckResult.Healthy();
    }
}
