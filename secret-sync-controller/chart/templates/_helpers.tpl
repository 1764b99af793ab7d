{{- define "secret-sync.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- /* The release's name (README: the metrics Service is <release>-metrics), unless overridden. */ -}}
{{- define "secret-sync.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "secret-sync.labels" -}}
app.kubernetes.io/name: {{ include "secret-sync.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "secret-sync.selectorLabels" -}}
app.kubernetes.io/name: {{ include "secret-sync.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- /* secret-sync-controller in the release namespace: the subject that README's RRSA step tells the
       RAM role to trust, whatever the release is called. */ -}}
{{- define "secret-sync.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default "secret-sync-controller" .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "secret-sync.leaseNamespace" -}}
{{- default .Release.Namespace .Values.command.leaderElectionNamespace -}}
{{- end -}}
