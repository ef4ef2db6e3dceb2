using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Cashman.Infrastructure.Persistence;

/// <summary>
/// Lets <c>dotnet ef</c> build the model without starting the API. Adding a migration or checking
/// for pending model changes needs no database; applying one reads ConnectionStrings__Cashman.
/// </summary>
[ExcludeFromCodeCoverage(Justification = "Used only by dotnet-ef; CI runs it through 'dotnet ef migrations has-pending-model-changes'.")]
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CashmanDbContext>
{
    public CashmanDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Cashman")
            ?? "Host=localhost;Database=cashman_design_time";
        var builder = new DbContextOptionsBuilder<CashmanDbContext>();
        builder.UseCashmanNpgsql(connectionString);
        return new CashmanDbContext(builder.Options);
    }
}
