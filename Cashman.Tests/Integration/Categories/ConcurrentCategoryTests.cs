using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Cashman.Tests.Integration.Categories;

/// <summary>Renames and merges racing with the same user's writes into the category.</summary>
public sealed class ConcurrentCategoryTests : IntegrationTest
{
    [Test]
    public async Task ARenameRacingWithCreatesInTheCategoryLeavesEveryTransactionWithTheNewPathAndTheFeedShowsEachOnceAfterIt()
    {
        using var created = await Client.PostAsJsonAsync("/categories", new { name = "Food" });
        var food = (Guid)(await ReadObjectAsync(created))["id"]!;
        var before = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            before.Add((await CreateAsync("expenses", new { description = $"before {i}", amount = 1 + i, categoryId = food })).Id);
        }

        var cursor = (string)(await ReadObjectAsync(await Client.GetAsync("/changes?limit=1000")))["next"]!;
        var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                using var response = await Client.PostAsJsonAsync("/expenses", new { description = $"during {w}-{i}", amount = 1, categoryId = food });
                statuses.Add((int)response.StatusCode);
            }
        })).ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(20));
        using var renamed = await Client.PutAsJsonAsync($"/categories/{food}", new { name = "Meals" });
        await Task.WhenAll(writers);

        Assert.That(renamed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await renamed.Content.ReadAsStringAsync());
        Assert.That(statuses, Has.Count.EqualTo(40).And.All.EqualTo(201));
        var all = (await ReadObjectAsync(await Client.GetAsync($"/expenses?categoryId={food}&pageSize=100")))["items"]!.AsArray();
        Assert.That(all, Has.Count.EqualTo(60));
        Assert.That(all.Select(t => (string?)t!["category"]), Is.All.EqualTo("Meals"));

        var changes = (await ReadObjectAsync(await Client.GetAsync($"/changes?limit=1000&after={Uri.EscapeDataString(cursor)}")))["changes"]!.AsArray()
            .Select(c => (Id: (Guid)c!["transaction"]!["id"]!, Category: (string?)c["transaction"]!["category"]))
            .ToList();

        // The rows written before the race change only with the rename: from its first row on, every transaction is
        // there exactly once, with the new path; before it, only creates of the race with the old one.
        var renameStart = changes.FindIndex(c => before.Contains(c.Id));
        var after = changes[renameStart..];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.Select(c => c.Id), Is.Unique);
            Assert.That(after.Select(c => c.Id), Is.EquivalentTo(all.Select(t => (Guid)t!["id"]!)));
            Assert.That(after.Select(c => c.Category), Is.All.EqualTo("Meals"));
            Assert.That(changes[..renameStart].Select(c => c.Category), Is.All.EqualTo("Food"));
        }

        await KeptTotals.AssertMatchTheRowsAsync([OwnerId]);
    }

    [Test]
    public async Task AMergeRacingWithCreatesInBothCategoriesLosesNoTransactionAndKeepsTheTotals()
    {
        var source = await CategoryAsync("Snacks");
        var into = await CategoryAsync("Food");
        for (var i = 0; i < 10; i++)
        {
            await CreateAsync("expenses", new { description = $"snack {i}", amount = 1, categoryId = source });
        }

        var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                using var response = await Client.PostAsJsonAsync("/expenses", new { description = $"during {w}-{i}", amount = 2, categoryId = w % 2 == 0 ? into : source });
                statuses.Add((int)response.StatusCode);
            }
        })).ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(20));
        using var merged = await Client.PostAsJsonAsync($"/categories/{source}/merge", new { intoId = into });
        await Task.WhenAll(writers);

        Assert.That(merged.StatusCode, Is.EqualTo(HttpStatusCode.OK), await merged.Content.ReadAsStringAsync());

        // A create naming the merged category after the merge is a 400 naming categoryId; every other write is stored.
        var stored = statuses.Count(s => s == 201);
        Assert.That(statuses, Is.All.AnyOf(201, 400));
        var food = (await ReadObjectAsync(await Client.GetAsync($"/expenses?categoryId={into}&pageSize=100")))["totalItems"]!;
        Assert.That((int)food, Is.EqualTo(10 + stored));
        Assert.That((string?)(await ReadObjectAsync(await Client.GetAsync($"/categories/{into}")))["transactionCount"]!.ToJsonString(), Is.EqualTo((10 + stored).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await KeptTotals.AssertMatchTheRowsAsync([OwnerId]);
    }

    private async Task<Guid> CategoryAsync(string name)
    {
        using var response = await Client.PostAsJsonAsync("/categories", new { name });
        return (Guid)(await ReadObjectAsync(response))["id"]!;
    }
}
