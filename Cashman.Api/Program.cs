using Cashman.Api;

var migrate = args is [MigrateCommand.Name, ..];
var builder = WebApplication.CreateBuilder(migrate ? args[1..] : args);
builder.AddCashmanApi();

var app = builder.Build();
if (migrate)
{
    return await MigrateCommand.RunAsync(app);
}

await app.UseCashmanApiAsync();
await app.RunAsync();
return 0;

/// <summary>The entry point; public so that integration tests can host it with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
