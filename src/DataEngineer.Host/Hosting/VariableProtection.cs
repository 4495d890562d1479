using System.Security.Cryptography;
using DataEngineer.Core.Variables;
using Microsoft.AspNetCore.DataProtection;

namespace DataEngineer.Host.Hosting;

/// <summary>Encrypts secret variables with the host's data-protection keys (<see cref="IDataProtectionProvider"/> as registered).</summary>
internal sealed class VariableProtection(IDataProtectionProvider provider) : IVariableCipher
{
    private readonly IDataProtector _protector = provider.CreateProtector("DataEngineer.Variables.v1");

    public string Protect(string plainText) => _protector.Protect(plainText);

    public string Unprotect(string cipherText)
    {
        try
        {
            return _protector.Unprotect(cipherText);
        }
        catch (CryptographicException e)
        {
            throw new VariableCipherException(
                "A secret variable cannot be decrypted with this process's data-protection keys: it was written with a key ring this process " +
                "does not have. Run every DataEngineer process with the same key ring, or set the variable again.", e);
        }
    }
}
