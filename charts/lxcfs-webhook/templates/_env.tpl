{{/*
The webhook's configuration as ASP.NET Core environment variables (Section__Key, list items
Section__List__0). They bind to Lxcfs.Webhook's TlsOptions ("Tls") and WebhookOptions ("Webhook");
docs/install.md lists every variable.
*/}}
{{- define "lxcfs.webhookEnv" -}}
{{- $mode := .Values.certificates.mode -}}
- name: Tls__HttpsPort
  value: {{ .Values.webhook.port | quote }}
- name: Tls__HealthPort
  value: {{ .Values.webhook.healthPort | quote }}
- name: Logging__Serilog__MinimumLevel
  value: {{ .Values.webhook.logLevel | quote }}
- name: DOTNET_EnableDiagnostics
  value: "0"
- name: Webhook__MountRoot
  value: {{ .Values.mountRoot | quote }}
{{- range $i, $file := .Values.files }}
- name: Webhook__Files__{{ $i }}
  value: {{ $file | quote }}
{{- end }}
- name: Webhook__NamespaceLabel
  value: {{ printf "%s=%s" .Values.selector.namespaceLabel .Values.selector.enabledValue | quote }}
- name: Webhook__AnnotationPrefixes__0
  value: {{ .Values.annotationPrefix | quote }}
- name: Webhook__IncludeInitContainers
  value: {{ .Values.webhook.includeInitContainers | quote }}
- name: Webhook__NamespaceDefaults__Enabled
  value: {{ .Values.webhook.namespaceDefaults | quote }}
# Same rule as the configurations' objectSelector, for a webhook reached some other way.
- name: Webhook__ExcludePodLabels__0
  value: {{ printf "app.kubernetes.io/part-of=%s" (include "lxcfs.name" .) | quote }}
{{- range $i, $ns := (include "lxcfs.systemNamespaces" . | fromJsonArray) }}
- name: Webhook__SystemNamespaces__{{ $i }}
  value: {{ $ns | quote }}
{{- end }}
{{- if eq $mode "self-managed" }}
- name: Tls__Mode
  value: SelfManaged
- name: Tls__SelfManaged__Namespace
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: Tls__SelfManaged__SecretName
  value: {{ include "lxcfs.secretName" . | quote }}
- name: Tls__SelfManaged__ServiceName
  value: {{ include "lxcfs.fullname" . | quote }}
- name: Tls__SelfManaged__MutatingWebhookConfiguration
  value: {{ include "lxcfs.fullname" . | quote }}
- name: Tls__SelfManaged__ValidatingWebhookConfiguration
  value: {{ include "lxcfs.fullname" . | quote }}
{{- else }}
# cert-manager or your own Secret: PEM files from the mounted Secret, reloaded when it changes.
- name: Tls__Mode
  value: Files
- name: Tls__CertFile
  value: /etc/lxcfs-webhook/tls/tls.crt
- name: Tls__KeyFile
  value: /etc/lxcfs-webhook/tls/tls.key
{{- end }}
{{- end }}
