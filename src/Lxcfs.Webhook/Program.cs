using Lxcfs.Webhook.Hosting;

await WebhookApplication.Create(args).RunAsync();
