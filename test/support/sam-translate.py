"""Transforms a SAM template to the plain CloudFormation AWS deploys, with SAM's own translator
(samtranslator, shipped with cfn-lint), offline. Prints the JSON on stdout.

Usage: python3 sam-translate.py template.yaml

What `sam package` would change first is done here: each function's CodeUri becomes an S3 URI
(the translator refuses a local path). No managed-policy names are used in the templates, so the
policy loader is a stub that knows none (nothing is fetched from IAM).
"""
import json
import os
import sys

# The translator reads the region for ARNs it builds; any region serves, the test resolves
# ${AWS::Region} itself.
os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")

from samtranslator.translator.transform import transform  # noqa: E402
from samtranslator.yaml_helper import yaml_parse  # noqa: E402


class NoManagedPolicies:
    def load(self):
        return {}


def main(path):
    with open(path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    if "Transform" not in template:
        json.dump(template, sys.stdout)
        return
    for resource in template.get("Resources", {}).values():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource.setdefault("Properties", {})["CodeUri"] = "s3://lamplighter-artifacts/function.zip"
    json.dump(transform(template, {}, NoManagedPolicies()), sys.stdout, default=str)


if __name__ == "__main__":
    main(sys.argv[1])
