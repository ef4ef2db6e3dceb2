using AutoMapper;
using Cashman.Domain.Transactions;

namespace Cashman.Api.Transactions;

/// <summary>Entity to response mapping; translatable by EF Core for <c>ProjectTo</c>.</summary>
public sealed class TransactionProfile : Profile
{
    public TransactionProfile()
    {
        CreateMap<Transaction, TransactionResponse>()
            .ForMember(d => d.Type, o => o.MapFrom(s => s is Income ? TransactionKindNames.Income : s is Expense ? TransactionKindNames.Expense : TransactionKindNames.Transfer));
    }
}
