{{/* Name of the chart, overridable. */}}
{{- define "lxcfs.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; the release name alone when it already contains the chart name. */}}
{{- define "lxcfs.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "lxcfs.daemonName" -}}
{{- printf "%s-daemon" (include "lxcfs.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "lxcfs.secretName" -}}
{{- default (printf "%s-tls" (include "lxcfs.fullname" .)) .Values.certificates.secretName }}
{{- end }}

{{/*
Labels on every object. `part-of` is also what the webhook configurations' objectSelector uses to
keep the chart's own pods away from the webhook.
*/}}
{{- define "lxcfs.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: {{ include "lxcfs.name" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{/* Selector labels of one component; call with (dict "root" $ "component" "webhook"). */}}
{{- define "lxcfs.selectorLabels" -}}
app.kubernetes.io/name: {{ include "lxcfs.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "lxcfs.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) }}
{{- end }}

{{/* How the API server reaches the webhook: the URL value or the Service. */}}
{{- define "lxcfs.clientConfig" -}}
{{- $root := .root }}
{{- if $root.Values.webhook.url }}
url: {{ printf "%s%s" (trimSuffix "/" $root.Values.webhook.url) .path | quote }}
{{- else }}
service:
  name: {{ include "lxcfs.fullname" $root }}
  namespace: {{ $root.Release.Namespace }}
  path: {{ .path }}
  port: 443
{{- end }}
{{- with $root.Values.certificates.caBundle }}
caBundle: {{ . }}
{{- end }}
{{- end }}

{{/*
Namespaces whose pods never get the files: the cluster's own, the release's and webhook.excludedNamespaces.
The webhook configurations leave them out on 1.21+ (every namespace carries kubernetes.io/metadata.name);
the webhook itself skips them too, which is what guards them on 1.20 if someone labels them.
*/}}
{{- define "lxcfs.systemNamespaces" -}}
{{- concat (list .Release.Namespace "kube-system" "kube-public" "kube-node-lease") .Values.webhook.excludedNamespaces | uniq | toJson -}}
{{- end }}

{{/* Namespaces the webhooks see: opted in by label, and never a system namespace. */}}
{{- define "lxcfs.namespaceSelector" -}}
matchExpressions:
  - key: {{ .Values.selector.namespaceLabel }}
    operator: In
    values: [{{ .Values.selector.enabledValue | quote }}]
  - key: kubernetes.io/metadata.name
    operator: NotIn
    values:
      {{- range (include "lxcfs.systemNamespaces" . | fromJsonArray) }}
      - {{ . | quote }}
      {{- end }}
{{- end }}

{{/*
Pods the webhooks see: not the chart's own, not those labelled out ("<annotationPrefix>/inject": "false",
or the namespace label set to disabledValue). A label keeps the pod from the webhook altogether: cheaper
than the annotation, and it holds while the webhook is down.
*/}}
{{- define "lxcfs.objectSelector" -}}
matchExpressions:
  - key: app.kubernetes.io/part-of
    operator: NotIn
    values: [{{ include "lxcfs.name" . | quote }}]
  - key: {{ .Values.selector.namespaceLabel }}
    operator: NotIn
    values: [{{ .Values.selector.disabledValue | quote }}]
  - key: {{ printf "%s/inject" .Values.annotationPrefix }}
    operator: NotIn
    values: ["false"]
{{- end }}

{{- define "lxcfs.certManagerIssuerName" -}}
{{- printf "%s-selfsigned" (include "lxcfs.fullname" .) }}
{{- end }}

{{- define "lxcfs.selfManaged" -}}
{{- if eq .Values.certificates.mode "self-managed" }}true{{ end }}
{{- end }}

{{/* The host directory holding the mount root, shared with the daemon's container. */}}
{{- define "lxcfs.mountRootParent" -}}
{{- $parent := dir (clean .Values.mountRoot) -}}
{{- if eq $parent "/" -}}
{{- fail (printf "mountRoot %s: the daemon shares the mount root's parent directory with the host, so the mount root must not sit directly under / (use e.g. /var/lib/lxcfs)" .Values.mountRoot) -}}
{{- end -}}
{{- $parent -}}
{{- end }}

{{/* The daemon's --metrics-address: an IPv6 address is bracketed, so its last group is not taken for the port. */}}
{{- define "lxcfs.daemonMetricsAddress" -}}
{{- $metrics := .Values.daemon.metrics -}}
{{- if contains ":" $metrics.bindAddress -}}
[{{ $metrics.bindAddress }}]:{{ $metrics.port }}
{{- else -}}
{{ $metrics.bindAddress }}:{{ $metrics.port }}
{{- end -}}
{{- end }}
