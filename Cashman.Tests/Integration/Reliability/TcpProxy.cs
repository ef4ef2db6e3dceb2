using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Cashman.Tests.Integration.Reliability;

/// <summary>
/// A TCP relay between the API and PostgreSQL that a test can cut: <see cref="Cut"/> closes the listening port (new
/// connections are refused) and resets every open connection, which is what the API sees when the database
/// server stops; <see cref="Restore"/> listens on the same port again, as when the server comes back.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    public TcpProxy(string targetHost, int targetPort)
    {
        _target = new IPEndPoint(Dns.GetHostAddresses(targetHost).First(a => a.AddressFamily == AddressFamily.InterNetwork), targetPort);
        Restore();
    }

    public int Port { get; private set; }

    /// <summary>Refuses new connections and resets the open ones.</summary>
    public void Cut()
    {
        _listener?.Stop();
        _listener = null;
        foreach (var socket in _open.Keys)
        {
            Reset(socket);
        }
    }

    /// <summary>Accepts connections again, on the same port.</summary>
    public void Restore()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _accepting = AcceptAsync(listener);
    }

    public async ValueTask DisposeAsync()
    {
        Cut();
        await _accepting;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync();
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _open.TryAdd(client, 0);
        _open.TryAdd(server, 0);
        try
        {
            await server.ConnectAsync(_target);
            await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // The connection was cut; the API sees a reset.
        }
        finally
        {
            Reset(client);
            Reset(server);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Either side went away.
        }
    }

    private void Reset(Socket socket)
    {
        if (_open.TryRemove(socket, out _))
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
