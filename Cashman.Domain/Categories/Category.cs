using Cashman.Domain.Common;

namespace Cashman.Domain.Categories;

/// <summary>
/// A category of a user's incomes and expenses, at most two levels deep. Its <see cref="Path"/> is what transactions show
/// as their <c>category</c>; names are unique among siblings ignoring case, which the database enforces on the path.
/// </summary>
public sealed class Category
{
    private Category()
    {
        Name = Path = string.Empty;
    }

    /// <summary>A new category under <paramref name="parent"/> (null at the top level).</summary>
    /// <exception cref="DomainValidationException">The name is invalid or the parent is itself a child.</exception>
    public Category(Guid id, Guid userId, string? name, Category? parent, Rollover rollover, DateTimeOffset now)
    {
        if (id == Guid.Empty || userId == Guid.Empty)
        {
            throw new ArgumentException("A category needs an id and an owner.", nameof(id));
        }

        Id = id;
        UserId = userId;
        CreatedAt = now;
        Name = Path = string.Empty;
        Apply(name, parent, rollover, hasChildren: false, now);
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    /// <summary>The parent, or null at the top level.</summary>
    public Guid? ParentId { get; private set; }

    public string Name { get; private set; }

    /// <summary><c>name</c>, or <c>parent/name</c>.</summary>
    public string Path { get; private set; }

    public Rollover Rollover { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The row version, the basis of the ETag.</summary>
    public Guid Version { get; private set; }

    /// <summary>Renames or moves it; a category with children stays at the top level.</summary>
    /// <exception cref="DomainValidationException">The name is invalid, or the move would make a third level or a cycle.</exception>
    public void Update(string? name, Category? parent, Rollover rollover, bool hasChildren, DateTimeOffset now) =>
        Apply(name, parent, rollover, hasChildren, now);

    /// <summary>Follows its parent's new name.</summary>
    public void ParentRenamed(Category parent, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(parent);
        Path = new CategoryPath(parent.Name, Name).ToString();
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }

    private void Apply(string? name, Category? parent, Rollover rollover, bool hasChildren, DateTimeOffset now)
    {
        var trimmed = name?.Trim();
        var errors = new Dictionary<string, string[]>();
        if (CategoryRules.NameError(trimmed, "name") is { } nameError)
        {
            errors["name"] = [nameError];
        }

        if (parent is not null)
        {
            if (parent.Id == Id)
            {
                errors["parentId"] = ["A category cannot be its own parent."];
            }
            else if (parent.ParentId is not null)
            {
                errors["parentId"] = ["Categories have two levels: the parent must be a top-level category."];
            }
            else if (hasChildren)
            {
                errors["parentId"] = ["A category with children stays at the top level: two levels at most."];
            }
        }

        if (!Enum.IsDefined(rollover))
        {
            errors["rollover"] = ["The rollover must be none, surplus or all."];
        }

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        Name = trimmed!;
        ParentId = parent?.Id;
        Path = new CategoryPath(parent?.Name, Name).ToString();
        Rollover = rollover;
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}
