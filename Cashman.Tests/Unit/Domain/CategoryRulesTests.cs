using Cashman.Domain.Categories;
using Cashman.Domain.Common;

namespace Cashman.Tests.Unit.Domain;

public sealed class CategoryRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Owner = Guid.CreateVersion7();

    [TestCase("Food", "Food")]
    [TestCase("  Food  ", "Food")]
    [TestCase("Food/Groceries", "Food/Groceries")]
    [TestCase(" Food / Groceries ", "Food/Groceries")]
    public void APathOfOneOrTwoNamesIsReadWithEachNameTrimmed(string text, string path)
    {
        Assert.That(CategoryRules.PathError(text, "category", out var parsed), Is.Null);
        Assert.That(parsed!.ToString(), Is.EqualTo(path));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("\u200B")]
    public void ABlankCategoryIsNone(string? text)
    {
        Assert.That(CategoryRules.PathError(text, "category", out var parsed), Is.Null);
        Assert.That(parsed, Is.Null);
    }

    [TestCase("a/b/c", "at most two levels")]
    [TestCase("a//b", "at most two levels")]
    [TestCase("/b", "required")]
    [TestCase("a/", "required")]
    [TestCase("a/ ", "required")]
    [TestCase("a\tb", "control characters")]
    public void AnythingButOneOrTwoNamesIsAnError(string text, string message)
    {
        Assert.That(CategoryRules.PathError(text, "category", out var parsed), Does.Contain(message));
        Assert.That(parsed, Is.Null);
    }

    [Test]
    public void ANameIsAtMostFiftyCharactersAndAPathTwoOfThem()
    {
        var fifty = new string('n', 50);
        Assert.That(CategoryRules.PathError($"{fifty}/{fifty}", "category", out var parsed), Is.Null);
        Assert.That(parsed!.ToString(), Has.Length.EqualTo(CategoryRules.PathMaxLength));
        Assert.That(CategoryRules.PathError(fifty + "n", "category", out _), Does.Contain("at most 50"));
        Assert.That(CategoryRules.PathError($"a/{fifty}n", "category", out _), Does.Contain("at most 50"));
    }

    [Test]
    public void ACategoryUnderAParentHasTheParentsNameInItsPath()
    {
        var food = new Category(Guid.CreateVersion7(), Owner, " Food ", null, Rollover.None, Now);
        var groceries = new Category(Guid.CreateVersion7(), Owner, "Groceries", food, Rollover.Surplus, Now);
        Assert.That((food.Path, groceries.Path, groceries.ParentId, groceries.Rollover), Is.EqualTo(("Food", "Food/Groceries", food.Id, Rollover.Surplus)));
        food.Update("Meals", null, Rollover.All, hasChildren: true, Now.AddMinutes(1));
        groceries.ParentRenamed(food, Now.AddMinutes(1));
        Assert.That((food.Path, groceries.Path, food.Rollover), Is.EqualTo(("Meals", "Meals/Groceries", Rollover.All)));
    }

    [Test]
    public void AThirdLevelACycleAndABadNameAreRefusedNamingTheField()
    {
        var food = new Category(Guid.CreateVersion7(), Owner, "Food", null, Rollover.None, Now);
        var groceries = new Category(Guid.CreateVersion7(), Owner, "Groceries", food, Rollover.None, Now);
        var rent = new Category(Guid.CreateVersion7(), Owner, "Rent", null, Rollover.None, Now);
        Assert.That(Field(() => _ = new Category(Guid.CreateVersion7(), Owner, "Apples", groceries, Rollover.None, Now)), Is.EqualTo("parentId"));
        Assert.That(Field(() => food.Update("Food", food, Rollover.None, hasChildren: true, Now)), Is.EqualTo("parentId"));
        Assert.That(Field(() => food.Update("Food", rent, Rollover.None, hasChildren: true, Now)), Is.EqualTo("parentId"));
        Assert.That(Field(() => food.Update("a/b", null, Rollover.None, hasChildren: true, Now)), Is.EqualTo("name"));
        Assert.That(Field(() => food.Update(null, null, Rollover.None, hasChildren: true, Now)), Is.EqualTo("name"));
        Assert.That(Field(() => food.Update("Food", null, (Rollover)7, hasChildren: true, Now)), Is.EqualTo("rollover"));
        Assert.That(food.Path, Is.EqualTo("Food"), "a refused change changes nothing");
    }

    [TestCase(0, "USD", "0.00")]
    [TestCase(400, "EUR", "400.00")]
    [TestCase(500, "JPY", "500")]
    public void ABudgetHasItsCurrencysDecimals(decimal amount, string currency, string stored) =>
        Assert.That(new Budget(Owner, Guid.CreateVersion7(), new DateOnly(2026, 3, 17), amount, currency, Now).Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(stored));

    [TestCase(-0.01, "EUR")]
    [TestCase(0.001, "EUR")]
    [TestCase(0.5, "JPY")]
    [TestCase(1000000000.01, "EUR")]
    public void ANegativeOrInexactBudgetIsRefused(decimal amount, string currency) =>
        Assert.That(Field(() => _ = new Budget(Owner, Guid.CreateVersion7(), new DateOnly(2026, 3, 1), amount, currency, Now)), Is.EqualTo("amount"));

    [Test]
    public void ABudgetIsForTheFirstDayOfItsMonth() =>
        Assert.That(new Budget(Owner, Guid.CreateVersion7(), new DateOnly(2026, 3, 17), 1, "EUR", Now).Month, Is.EqualTo(new DateOnly(2026, 3, 1)));

    private static string? Field(Action action) =>
        Assert.Throws<DomainValidationException>(() => action())!.Errors.Keys.Single();
}
