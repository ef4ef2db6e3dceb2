namespace Cashman.Api.Sync;

/// <summary>A write's answer, whose place in the change feed becomes its <c>Cashman-Change-Cursor</c>.</summary>
public interface IChangeResponse
{
    long ChangeSeq { get; }
}
