{{/* Names: the release's fullname, at most 63 characters as Kubernetes names allow. */}}
{{- define "signing-service.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "signing-service.fullname" -}}
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

{{/* Selector labels: the Deployment, Service and PodDisruptionBudget all select pods by these. */}}
{{- define "signing-service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "signing-service.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "signing-service.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "signing-service.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: signing-service
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* PostgreSQL is in use when a database URL is given; otherwise the embedded H2 in the data volume. */}}
{{- define "signing-service.postgres" -}}
{{- if .Values.database.url }}true{{ end }}
{{- end }}

{{/*
Refusals: settings that would install a service that loses data or leaks a secret. The ConfigMap
includes this; a fail stops the whole render, so `helm template` and `helm install` make nothing.
*/}}
{{- define "signing-service.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not (include "signing-service.postgres" .)) }}
{{- fail (printf "replicaCount is %d, but more than one replica needs an external PostgreSQL (database.url): the embedded H2 lives in one pod's volume" (int .Values.replicaCount)) }}
{{- end }}
{{- if and (include "signing-service.postgres" .) (not (hasPrefix "jdbc:postgresql://" .Values.database.url)) }}
{{- fail "database.url must be a PostgreSQL JDBC URL: jdbc:postgresql://HOST:PORT/DATABASE" }}
{{- end }}
{{- if and .Values.masterKey.value (ne (len (b64dec .Values.masterKey.value)) 32) }}
{{- fail "masterKey.value must be base64 of 32 bytes (openssl rand -base64 32)" }}
{{- end }}
{{- range $name, $value := .Values.env }}
{{- if regexMatch "PASSWORD|MASTER_KEY|TLS_KEY|SECRET" (upper $name) }}
{{- fail (printf "env.%s looks like a secret and would land in a ConfigMap: use masterKey, database.password or their existingSecret" $name) }}
{{- end }}
{{- end }}
{{- end }}

{{- define "signing-service.masterKeySecretName" -}}
{{- default (printf "%s-master-key" (include "signing-service.fullname" .)) .Values.masterKey.existingSecret }}
{{- end }}

{{- define "signing-service.databaseSecretName" -}}
{{- default (printf "%s-database" (include "signing-service.fullname" .)) .Values.database.existingSecret }}
{{- end }}

{{- define "signing-service.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
