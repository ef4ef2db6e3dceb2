using System.ComponentModel.DataAnnotations;

namespace Cashman.Infrastructure;

/// <summary>Where the database is: <c>ConnectionStrings__Cashman</c>. Validated at start.</summary>
public sealed class DatabaseOptions
{
    [Required(AllowEmptyStrings = false, ErrorMessage =
        "No database configured: set ConnectionStrings__Cashman (for example \"Host=localhost;Port=5432;Database=cashman;Username=cashman;Password=...\").")]
    public string? ConnectionString { get; set; }
}
