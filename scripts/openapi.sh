#!/usr/bin/env bash
# Regenerates docs/openapi/v1.json from the running service: the test that compares the served
# document with the committed one rewrites the file when UPDATE_OPENAPI=1. Commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
UPDATE_OPENAPI=1 dotnet test tests/Api.Tests -c Release --filter "FullyQualifiedName~CommittedDocumentTests.The_committed_document_is_the_one_the_service_serves"
git --no-pager diff --stat -- docs/openapi/v1.json
