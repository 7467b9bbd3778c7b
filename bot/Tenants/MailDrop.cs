using MimeKit;
using MimeKit.Text;

namespace TeamsCoordinator.Tenants;

/// <summary>
/// Where the embedded tenant's e-mail goes: .eml files in the data folder's mail/ (default: open them in any mail
/// program) or an SMTP server when Mail:Smtp:Host is set (MailKit).
/// </summary>
public interface IMailDrop
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

public static class MeetingMailMessage
{
    /// <summary>
    /// The e-mail as RFC 6047 wants an invitation: multipart/alternative with the text and the calendar part,
    /// Content-Type text/calendar with the same method as the .ics' METHOD.
    /// </summary>
    public static MimeMessage Build(MeetingMail mail, string? fromAddress = null)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(mail.From.DisplayName, fromAddress ?? mail.From.Email ?? "koordinator@localhost"));
        message.To.Add(new MailboxAddress(mail.ToName, mail.ToAddress));
        message.Subject = mail.Subject;
        message.MessageId = $"{mail.Key.Replace(':', '.')}@koordinator";
        var text = new TextPart(TextFormat.Plain) { Text = mail.Text };
        if (mail.Ics is null)
        {
            message.Body = text;
            return message;
        }
        var calendar = new TextPart("calendar") { Text = mail.Ics };
        calendar.ContentType.Parameters.Add("method", mail.Method ?? "REQUEST");
        calendar.ContentType.Charset = "utf-8";
        calendar.ContentTransferEncoding = ContentEncoding.Base64;
        var attachment = new MimePart("application", "ics")
        {
            Content = new MimeContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(mail.Ics))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "invitation.ics",
        };
        message.Body = new Multipart("mixed") { new MultipartAlternative { text, calendar }, attachment };
        return message;
    }
}

public sealed class FileMailDrop(string folder, ILogger<FileMailDrop> log) : IMailDrop
{
    public string Folder { get; } = folder;

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        var name = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Split(Path.GetInvalidFileNameChars()))}.eml";
        var path = Path.Combine(Folder, name);
        await using (var file = File.Create(path + ".tmp")) await message.WriteToAsync(file, ct);
        File.Move(path + ".tmp", path, overwrite: true); // a reader never sees half a message
        log.LogInformation("E-mail written to {Path}", path);
    }
}

/// <summary>Mail:Smtp:Host, Port (587), User, Password, StartTls (true), From (the sender address the server accepts).</summary>
public sealed class SmtpMailDrop(IConfiguration config) : IMailDrop
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var section = config.GetSection("Mail:Smtp");
        if (section["From"] is { Length: > 0 } from)
        {
            var name = message.From.Mailboxes.FirstOrDefault()?.Name;
            message.From.Clear();
            message.From.Add(new MailboxAddress(name, from));
        }
        using var client = new MailKit.Net.Smtp.SmtpClient();
        var tls = section.GetValue("StartTls", true) ? MailKit.Security.SecureSocketOptions.StartTls : MailKit.Security.SecureSocketOptions.None;
        await client.ConnectAsync(section["Host"] ?? throw new InvalidOperationException("Mail:Smtp:Host is missing."), section.GetValue("Port", 587), tls, ct);
        if (section["User"] is { Length: > 0 } user) await client.AuthenticateAsync(user, section["Password"] ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }
}
