using Cashman.Domain.Transactions;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Transactions;

/// <summary>Money spent: <c>/expenses</c>. Amounts are stored negative whatever sign is sent.</summary>
[Route("expenses")]
[Tags("Expenses")]
public sealed class ExpensesController(TransactionService service, TransactionReads reads) : TransactionKindController(service, reads)
{
    protected override TransactionKind Kind => TransactionKind.Expense;
}
