namespace DataEngineer.Core.Variables;

/// <summary>Encrypts the values of secret variables before they are stored, and decrypts them for tasks and admins (the host's data-protection keys).</summary>
public interface IVariableCipher
{
    string Protect(string plainText);

    /// <exception cref="VariableCipherException">The ciphertext cannot be decrypted with the keys this process has.</exception>
    string Unprotect(string cipherText);
}
