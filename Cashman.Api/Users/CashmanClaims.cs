namespace Cashman.Api.Users;

/// <summary>Claim and scheme names. Inbound claim mapping is off, so JWT names stay as they are.</summary>
public static class CashmanClaims
{
    public const string Subject = "sub";
    public const string Session = "sid";
    public const string TokenId = "jti";
    public const string ApiKeyId = "api_key_id";

    public const string Scheme = "Cashman";
    public const string BearerScheme = "Bearer";
    public const string ApiKeyScheme = "ApiKey";
    public const string ApiKeyHeader = "X-API-Key";
}
