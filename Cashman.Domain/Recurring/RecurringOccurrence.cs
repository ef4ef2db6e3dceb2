namespace Cashman.Domain.Recurring;

/// <summary>
/// What is recorded of one day of a recurring transaction: the transaction posted for it (which stays posted when that
/// transaction is deleted, so it never comes back), a skip, or an override of its amount and description before posting.
/// </summary>
public sealed class RecurringOccurrence
{
    private RecurringOccurrence()
    {
    }

    public RecurringOccurrence(Guid userId, Guid recurringId, DateOnly day, DateTimeOffset now)
    {
        UserId = userId;
        RecurringId = recurringId;
        Day = day;
        UpdatedAt = now;
    }

    public Guid UserId { get; private set; }

    public Guid RecurringId { get; private set; }

    public DateOnly Day { get; private set; }

    /// <summary>The transaction posted for the day; set once.</summary>
    public Guid? TransactionId { get; private set; }

    public bool Skipped { get; private set; }

    /// <summary>The amount to post instead of the template's, as the transaction will store it.</summary>
    public decimal? Amount { get; private set; }

    /// <summary>The description to post instead of the template's.</summary>
    public string? Description { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsPosted => TransactionId is not null;

    /// <summary>Whether posting has nothing more to do for the day: posted or skipped.</summary>
    public bool IsSettled => IsPosted || Skipped;

    public OccurrenceRecord Record => new(Day, TransactionId, Skipped, Amount, Description);

    /// <summary>Skips the day, or (<paramref name="skip"/> false) posts it again when it is due, with what overrides it.</summary>
    public void Skip(bool skip, DateTimeOffset now)
    {
        RejectPosted();
        Skipped = skip;
        UpdatedAt = now;
    }

    /// <summary>Posts the day with this amount and description instead of the template's (null keeps the template's).</summary>
    public void Override(decimal? amount, string? description, DateTimeOffset now)
    {
        RejectPosted();
        (Amount, Description, Skipped, UpdatedAt) = (amount, description, false, now);
    }

    /// <summary>Records the transaction posted for the day.</summary>
    public void Posted(Guid transactionId, DateTimeOffset now)
    {
        RejectPosted();
        (TransactionId, Skipped, UpdatedAt) = (transactionId, false, now);
    }

    private void RejectPosted()
    {
        if (IsPosted)
        {
            throw new Common.ConflictException("This occurrence is already posted; change or delete its transaction instead.");
        }
    }
}
