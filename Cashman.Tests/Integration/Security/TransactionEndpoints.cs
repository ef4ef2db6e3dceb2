namespace Cashman.Tests.Integration.Security;

/// <summary>Every transaction endpoint, for tests that must hold on each of them.</summary>
public static class TransactionEndpoints
{
    public const string Body = "{\"description\":\"changed\",\"amount\":1}";

    /// <summary>Method and path; <c>{id}</c> stands for an existing transaction of that kind.</summary>
    public static IEnumerable<TestCaseData> All()
    {
        foreach (var kind in new[] { "incomes", "expenses" })
        {
            yield return Case("GET", $"/{kind}");
            yield return Case("POST", $"/{kind}");
            yield return Case("GET", $"/{kind}/{{id}}");
            yield return Case("PUT", $"/{kind}/{{id}}");
            yield return Case("DELETE", $"/{kind}/{{id}}");
        }

        yield return Case("GET", "/transactions");
    }

    /// <summary>The endpoints that address one transaction by id.</summary>
    public static IEnumerable<TestCaseData> ById() =>
        All().Where(c => ((string)c.Arguments[1]!).EndsWith("{id}", StringComparison.Ordinal));

    public static HttpRequestMessage Request(string method, string path, Guid id)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", id.ToString(), StringComparison.Ordinal));
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent(Body, System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static TestCaseData Case(string method, string path) => new TestCaseData(method, path).SetArgDisplayNames(method, path);
}
