"""Messages people paste, shared by the engine's and the command line's tests."""

SEED = (
    "User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: "
    "codeartifact:GetWidget on resource: my-example-widget"
)
"""The seed example of AWS's troubleshooting page (a placeholder action and resource)."""

NPM_LINE = (
    "npm error 403 403 Forbidden - GET "
    "https://acme-111111111111.d.codeartifact.us-east-1.amazonaws.com/npm/npm-internal/lodash"
)
"""npm's own line for a refused read, naming the repository's endpoint."""
