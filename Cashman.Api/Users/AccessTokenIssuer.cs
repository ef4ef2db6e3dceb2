using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cashman.Api.Users;

/// <summary>Issues HS256 access tokens and holds the validation rules they are checked against (RFC 8725).</summary>
public sealed class AccessTokenIssuer(IOptions<JwtOptions> options, TimeProvider timeProvider)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public int LifetimeSeconds => options.Value.AccessTokenMinutes * 60;

    public string Issue(Guid userId, Guid sessionId)
    {
        var jwt = options.Value;
        var now = timeProvider.GetUtcNow().UtcDateTime;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(jwt.AccessTokenMinutes),
            Subject = new ClaimsIdentity(
            [
                new Claim(CashmanClaims.Subject, userId.ToString()),
                new Claim(CashmanClaims.Session, sessionId.ToString()),
                new Claim(CashmanClaims.TokenId, Guid.NewGuid().ToString()),
            ]),
            SigningCredentials = new SigningCredentials(SigningKey(jwt), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Only HS256, only signed, issuer, audience and lifetime all checked, 30 seconds of clock skew.</summary>
    public static TokenValidationParameters ValidationParameters(JwtOptions jwt, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var skew = TimeSpan.FromSeconds(30);
        return new TokenValidationParameters
        {
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKey = SigningKey(jwt),
            ValidateIssuer = true,
            ValidIssuer = jwt.Issuer,
            ValidateAudience = true,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            ClockSkew = skew,
            NameClaimType = CashmanClaims.Subject,

            // The lifetime is checked against the injected clock (tests move it instead of sleeping); no expiry, no token.
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = timeProvider.GetUtcNow().UtcDateTime;
                return expires is { } until && now <= until + skew && (notBefore is not { } from || now >= from - skew);
            },
        };
    }

    private static SymmetricSecurityKey SigningKey(JwtOptions jwt) => new(Encoding.UTF8.GetBytes(jwt.SigningKey!));
}
