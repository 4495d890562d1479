using System.ComponentModel.DataAnnotations;

namespace DataEngineer.Ui.Pages;

/// <summary>The login form's fields.</summary>
internal sealed class LoginInput
{
    [Required(ErrorMessage = "Enter your user name.")]
    public string? UserName { get; set; }

    [Required(ErrorMessage = "Enter your password.")]
    public string? Password { get; set; }
}
