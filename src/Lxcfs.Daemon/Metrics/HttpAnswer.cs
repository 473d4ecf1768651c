using System.Text;

namespace Lxcfs.Daemon.Metrics;

/// <summary>A response of the metrics endpoint: status, body and its type.</summary>
internal sealed record HttpAnswer(int Status, string Reason, string ContentType, byte[] Body)
{
    public static HttpAnswer Text(int status, string reason, string text) =>
        new(status, reason, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text));

    public static HttpAnswer Ok(string contentType, string body) => new(200, "OK", contentType, Encoding.UTF8.GetBytes(body));

    /// <summary>The status line and headers; every answer closes the connection (one request per connection).</summary>
    public byte[] Head()
    {
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(Status).Append(' ').Append(Reason).Append("\r\n")
            .Append("Content-Type: ").Append(ContentType).Append("\r\n")
            .Append("Content-Length: ").Append(Body.Length).Append("\r\n");
        if (Status == 405)
        {
            head.Append("Allow: GET, HEAD\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        return Encoding.ASCII.GetBytes(head.ToString());
    }
}
