using System.Text.Json.Nodes;
using Cashman.Api.Http;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Cashman.Api.OpenApi;

/// <summary>
/// The shared transaction actions are documented once with <c>{kind}</c> and <c>a {kind}</c> placeholders; this fills
/// them in (<c>an income</c> under <c>/incomes</c>, <c>an expense</c> under <c>/expenses</c>) and gives each operation
/// examples of its own kind, so that <c>POST /expenses</c> shows an expense.
/// </summary>
public sealed class KindOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (OperationIds.KindOf(context.ApiDescription) is not { } kind)
        {
            return;
        }

        operation.Summary = Fill(operation.Summary, kind);
        operation.Description = Fill(operation.Description, kind);
        foreach (var response in operation.Responses?.Values.OfType<OpenApiResponse>() ?? [])
        {
            response.Description = Fill(response.Description, kind);
        }

        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            parameter.Description = Fill(parameter.Description, kind);
        }

        var income = kind == Domain.Transactions.TransactionKindNames.Income;
        if (operation.RequestBody?.Content?.TryGetValue(Http.MediaTypes.Json, out var request) == true && request is OpenApiMediaType requestMedia)
        {
            requestMedia.Example = JsonNode.Parse(income
                ? """{"description":"Salary","amount":5000,"category":"work","occurredOn":"2026-11-01"}"""
                : """{"description":"pizza","amount":50,"category":"food","occurredOn":"2026-11-21","externalId":"card-2026-11-21-0042"}""");
        }

        var one = income
            ? """{"id":"0195f0c4-64a8-7d44-9c1a-3e4b2f6a8d10","type":"income","description":"Salary","amount":5000.00,"category":"work","occurredOn":"2026-11-01","externalId":null,"createdAt":"2026-11-01T09:30:00.123456Z","updatedAt":"2026-11-01T09:30:00.123456Z"}"""
            : """{"id":"0195f0c4-64a8-7d44-9c1a-3e4b2f6a8d11","type":"expense","description":"pizza","amount":-50.00,"category":"food","occurredOn":"2026-11-21","externalId":"card-2026-11-21-0042","createdAt":"2026-11-21T19:02:11.654321Z","updatedAt":"2026-11-21T19:02:11.654321Z"}""";
        var plural = income ? "incomes" : "expenses";
        foreach (var (code, response) in operation.Responses ?? [])
        {
            if (!code.StartsWith('2') || response.Content?.TryGetValue(Http.MediaTypes.Json, out var content) != true || content is not OpenApiMediaType media)
            {
                continue;
            }

            media.Example = JsonNode.Parse(context.ApiDescription.HttpMethod == "GET" && context.ApiDescription.RelativePath == plural
                ? $$$"""{"items":[{{{one}}}],"page":1,"pageSize":20,"totalItems":1,"totalPages":1,"links":{"self":"http://localhost:5000/{{{plural}}}?page=1&pageSize=20","first":"http://localhost:5000/{{{plural}}}?page=1&pageSize=20","prev":null,"next":null,"last":"http://localhost:5000/{{{plural}}}?page=1&pageSize=20"}}"""
                : one);
        }
    }

    private static string? Fill(string? text, string kind) =>
        text?.Replace("a {kind}", kind == Domain.Transactions.TransactionKindNames.Income ? "an income" : "an expense", StringComparison.Ordinal)
            .Replace("{kind}", kind, StringComparison.Ordinal);
}
