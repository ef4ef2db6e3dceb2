using System.Security.Cryptography;
using Cashman.Domain.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Cashman.Api.Users;

/// <summary>
/// A hash of a throwaway password, made once per process by the configured hasher (so with the same iteration
/// count as real hashes). Login verifies it for unknown emails, so they take as long as wrong passwords.
/// </summary>
public sealed class DecoyPasswordHash(IPasswordHasher<User> passwordHasher)
{
    private readonly Lazy<string> _hash = new(() => passwordHasher.HashPassword(null!, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

    public string Value => _hash.Value;
}
