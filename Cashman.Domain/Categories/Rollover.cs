namespace Cashman.Domain.Categories;

/// <summary>What a category's budget carries into the next month.</summary>
public enum Rollover
{
    /// <summary>Nothing: each month starts from its own budget.</summary>
    None,

    /// <summary>What was left, when something was left.</summary>
    Surplus,

    /// <summary>What was left, or what was overspent (negative).</summary>
    All,
}
