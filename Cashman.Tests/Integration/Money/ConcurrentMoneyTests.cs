using System.Net;
using System.Net.Http.Json;

namespace Cashman.Tests.Integration.Money;

public sealed class ConcurrentMoneyTests : IntegrationTest
{
    [Test]
    public async Task AfterConcurrentTransfersMovesAndDeletesEveryAccountsBalanceIsItsOpeningBalancePlusItsRows()
    {
        var main = (Guid)(await ReadObjectAsync(await Client.GetAsync("/settings")))["defaultAccountId"]!;
        using var created = await Client.PostAsJsonAsync("/accounts", new { name = "Savings", kind = "savings", openingBalance = 500 });
        var savings = (Guid)(await ReadObjectAsync(created))["id"]!;
        var seeded = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            seeded.Add((await CreateAsync("expenses", new { description = $"seed {i}", amount = 1 + i, accountId = i % 2 == 0 ? main : savings })).Id);
        }

        var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
        var writers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                var (from, to) = (i + w) % 2 == 0 ? (main, savings) : (savings, main);
                using var response = (w % 3) switch
                {
                    0 => await Client.PostAsJsonAsync("/transfers", new { fromAccountId = from, toAccountId = to, amount = 1 + i }),
                    1 => await Client.PutAsJsonAsync($"/expenses/{seeded[(w + i) % seeded.Count]}", new { description = "moved", amount = 2 + i, accountId = to }),
                    _ => await Client.DeleteAsync($"/expenses/{seeded[(w * 5 + i) % seeded.Count]}"),
                };
                statuses.Add((int)response.StatusCode);
            }
        })).ToList();
        await Task.WhenAll(writers);

        Assert.That(statuses, Is.All.AnyOf(200, 201, 204, 404, 409));
        await KeptTotals.AssertMatchTheRowsAsync([OwnerId]);
        using var accounts = await Client.GetAsync("/accounts");
        var byId = (await ReadObjectAsync(accounts))["items"]!.AsArray().ToDictionary(a => (Guid)a!["id"]!, a => (decimal)a!["balance"]!);
        var rows = (await ReadObjectAsync(await Client.GetAsync("/transactions?pageSize=100")))["items"]!.AsArray();
        decimal Rows(Guid account) =>
            rows.Where(r => (Guid)r!["accountId"]! == account).Sum(r => (string)r!["type"]! == "transfer" ? -(decimal)r["amount"]! : (decimal)r["amount"]!)
            + rows.Where(r => (Guid?)r!["toAccountId"] == account).Sum(r => (decimal)r!["toAmount"]!);
        Assert.That((int)(await ReadObjectAsync(await Client.GetAsync("/transactions?pageSize=100")))["totalItems"]!, Is.LessThanOrEqualTo(100));
        Assert.That((byId[main], byId[savings]), Is.EqualTo((Rows(main), 500m + Rows(savings))));
    }
}
