using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Cashman.Tests.Integration.Money;

/// <summary>Accounts and currencies must not cost a write a round trip: the statements a request sends, counted.</summary>
public sealed class RoundTripCountTests : IntegrationTest
{
    [Test]
    public async Task ACreateInTheDefaultAccountSendsTheCredentialsCheckAndTheInsertOnly()
    {
        var counter = new CommandCounter();
        await using var counted = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(
            s => s.ConfigureDbContext<CashmanDbContext>(o => o.AddInterceptors(counter))));
        using var client = counted.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Owner.AccessToken);

        counter.Commands.Clear();
        using var created = await client.PostAsJsonAsync("/expenses", new { description = "coffee", amount = 3.5m });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        Assert.That(counter.Commands, Has.Count.EqualTo(2), string.Join("\n---\n", counter.Commands));
        Assert.That(counter.Commands[1], Does.Contain("INSERT INTO transactions"));
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        public List<string> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            lock (Commands)
            {
                Commands.Add(command.CommandText);
            }

            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
