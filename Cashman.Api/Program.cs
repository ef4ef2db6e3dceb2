using Cashman.Api;
using Cashman.Api.Operations;
using Cashman.Api.Rates;
using Cashman.Api.Users;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

var command = args is [MigrateCommand.Name or UsersCommand.Name or RatesCommand.Name, ..] ? args[0] : null;
var isProcess = true;
try
{
    var builder = WebApplication.CreateBuilder(command is MigrateCommand.Name ? args[1..] : command is null ? args : []);
    builder.AddCashmanApi();
    var app = builder.Build();

    // A test host (WebApplicationFactory) wants the exception itself.
    isProcess = app.Services.GetService<IServer>()?.GetType().Name != "TestServer";
    if (command is null && isProcess)
    {
        // Before the host starts, so that bad configuration is one line, not the host's logged stack trace.
        app.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    switch (command)
    {
        case MigrateCommand.Name:
            return await MigrateCommand.RunAsync(app);
        case UsersCommand.Name:
            return await UsersCommand.RunAsync(app, args);
        case RatesCommand.Name:
            return await RatesCommand.RunAsync(app, args);
    }

    await app.UseCashmanApiAsync();
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException invalid) when (isProcess)
{
    // Missing or invalid configuration: one clear line and exit code 1, never a stack trace.
    await Console.Error.WriteLineAsync($"cashman: cannot start, the configuration is invalid: {string.Join(" ", invalid.Failures)}");
    return 1;
}

/// <summary>The entry point; public so that integration tests can host it with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
