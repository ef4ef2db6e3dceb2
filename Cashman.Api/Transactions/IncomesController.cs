using Cashman.Domain.Transactions;
using Microsoft.AspNetCore.Mvc;

namespace Cashman.Api.Transactions;

/// <summary>Money received: <c>/incomes</c>.</summary>
[Route("incomes")]
[Tags("Incomes")]
public sealed class IncomesController(TransactionService service, TransactionReads reads) : TransactionKindController(service, reads)
{
    protected override TransactionKind Kind => TransactionKind.Income;
}
