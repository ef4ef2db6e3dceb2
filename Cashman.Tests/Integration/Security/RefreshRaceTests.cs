using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cashman.Tests.Integration.Security;

/// <summary>
/// Issue 18, point 22: a refresh that loses its login to the background purge (or an erasure) between reading it and
/// storing the new refresh token. The insert then violates the token's foreign key to the login; that is a 401 (log in
/// again), never a 500. The purge runs on the shared test clock, so this once happened by chance in the suite.
/// </summary>
public sealed class RefreshRaceTests : IntegrationTest
{
    [Test]
    public async Task ALoginDeletedJustBeforeTheNewRefreshTokenIsStoredIsA401()
    {
        var interceptor = new DeleteLoginBeforeNewToken(OwnerId);
        await using var host = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.ConfigureDbContext<Cashman.Infrastructure.Persistence.CashmanDbContext>(o => o.AddInterceptors(interceptor))));
        using var client = host.CreateClient();
        using var refresh = await client.PostAsJsonAsync("/auth/refresh", new { refreshToken = Owner.RefreshToken });

        Assert.That(interceptor.Deleted, Is.EqualTo(1), "the login was deleted mid-request");
        var problem = await AssertProblemAsync(refresh, HttpStatusCode.Unauthorized);
        Assert.That(refresh.Headers.WwwAuthenticate, Is.Not.Empty);
        Assert.That((string?)problem["detail"], Does.Contain("no longer exists"));
    }

    /// <summary>Deletes the owner's logins (as the purge deletes ended ones) right before the first refresh token is inserted.</summary>
    private sealed class DeleteLoginBeforeNewToken(Guid owner) : DbCommandInterceptor
    {
        public int Deleted { get; private set; }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await DeleteLoginAsync(command);
            return result;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await DeleteLoginAsync(command);
            return result;
        }

        private async Task DeleteLoginAsync(DbCommand command)
        {
            if (Deleted > 0 || !command.CommandText.Contains("INSERT INTO refresh_tokens", StringComparison.Ordinal))
            {
                return;
            }

            await using var connection = new NpgsqlConnection(TestDatabase.InspectionConnectionString);
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand("DELETE FROM sessions WHERE user_id = @owner", connection);
            delete.Parameters.AddWithValue("owner", owner);
            Deleted = await delete.ExecuteNonQueryAsync() > 0 ? 1 : 0;
        }
    }
}
