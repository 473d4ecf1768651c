using Lxcfs.Fuse.Protocol;
using Lxcfs.Interop;

namespace Lxcfs.Fuse.Tests;

public sealed class InitTests
{
    [Fact]
    public void Init_answers_our_minor_and_only_the_offered_flags_we_want()
    {
        var fixture = new ServerFixture(initialize: false);
        var offered = (uint)(FuseInitCapabilities.AsyncRead | FuseInitCapabilities.ParallelDirops | FuseInitCapabilities.MaxPages);

        var reply = fixture.Send(RequestBuilder.Init(minor: 45, flags: offered));

        reply.Error.Should().Be(0);
        var init = reply.As<FuseInitOut>();
        init.Major.Should().Be(7);
        init.Minor.Should().Be(38, "the struct layouts written are minor 38's, whatever the kernel offers");
        init.Flags.Should().Be((uint)(FuseInitCapabilities.AsyncRead | FuseInitCapabilities.ParallelDirops));
        init.MaxWrite.Should().Be(4096);
        init.MaxReadahead.Should().Be(131072);
        fixture.Server.Negotiated.Should().Be(new FuseNegotiated(7, 38, init.Flags, 0, 4096, 131072));
    }

    [Fact]
    public void Init_from_an_older_kernel_takes_its_minor()
    {
        var fixture = new ServerFixture(initialize: false);

        fixture.Send(RequestBuilder.Init(minor: 31)).As<FuseInitOut>().Minor.Should().Be(31);
    }

    [Fact]
    public void Init_below_minor_12_is_refused_because_the_reply_layouts_would_not_fit()
    {
        var fixture = new ServerFixture(initialize: false);

        fixture.Send(RequestBuilder.Init(minor: 8)).Error.Should().Be(-Errno.EPROTO);
        fixture.Server.Negotiated.Should().BeNull();
    }

    [Fact]
    public void Init_with_another_major_gets_our_major_to_retry_with()
    {
        var fixture = new ServerFixture(initialize: false);

        var init = fixture.Send(RequestBuilder.Init(major: 8)).As<FuseInitOut>();

        init.Major.Should().Be(7);
        fixture.Server.Negotiated.Should().BeNull();
    }

    [Fact]
    public void Requests_before_init_get_EIO()
    {
        var fixture = new ServerFixture(initialize: false);

        fixture.Send(RequestBuilder.With(FuseOpcode.Getattr, 1, new FuseGetattrIn())).Error.Should().Be(-Errno.EIO);
    }

    [Fact]
    public void A_second_init_is_refused()
    {
        var fixture = new ServerFixture();

        fixture.Send(RequestBuilder.Init()).Error.Should().Be(-Errno.EIO);
    }

    [Fact]
    public void Destroy_is_answered_and_ends_the_connection()
    {
        var fixture = new ServerFixture();

        fixture.Send(RequestBuilder.Build(FuseOpcode.Destroy, 0, [])).Error.Should().Be(0);
        fixture.Server.Destroyed.Should().BeTrue();
    }
}
