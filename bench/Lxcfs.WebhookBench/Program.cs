using Lxcfs.WebhookBench;

// constant --port P --cert C --key K --response F : bare Kestrel answering POST /mutate with F's bytes
// rate --url U --body F --ca C --rate N --seconds S  : open-loop load at N req/s, prints p50/p99
// handler --body F --iterations N                    : the admission work alone, CPU us and bytes per request
// hostile --url U --body F --ca C --pid P --settle S  : the server's memory under bad and the largest reviews
return args switch
{
    ["constant", .. var rest] => await ConstantServer.RunAsync(Arguments.Parse(rest)),
    ["rate", .. var rest] => await RateClient.RunAsync(Arguments.Parse(rest)),
    ["handler", .. var rest] => await HandlerLoop.RunAsync(Arguments.Parse(rest)),
    ["hostile", .. var rest] => await HostileClient.RunAsync(Arguments.Parse(rest)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: lxcfs-webhook-bench constant|rate|handler|hostile --name value ...");
    return 2;
}
