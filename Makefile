# Conventional entry points; each target is a script in hack/ so it can be run and read on its own.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help prereqs build daemon demo test bench e2e e2e-v2 lxcfs-suite chart deploy images clean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

prereqs: ## install or build what the demo and tests need (idempotent, cached)
	bash hack/prereqs.sh

build: ## build the solution
	dotnet build LxcfsWebhook.sln -c Release -nologo

daemon: ## publish the node daemon as a Native AOT binary to artifacts/bin
	bash hack/publish-daemon.sh

demo: ## mount the daemon and show a limited container's view next to the host's
	bash hack/demo.sh

test: ## run every test (unit, FUSE, cgroups, podman, helm, kube-apiserver, cgroup v2 VM)
	bash hack/test.sh

bench: ## print benchmark figures: each file vs a raw FUSE floor and lxcfs (container and host reader), scale to 1000 containers, webhook vs bare Kestrel
	bash hack/bench.sh

e2e: ## the user's path on a one-node cluster built here (helm install, a labelled namespace, pods)
	bash hack/e2e.sh

e2e-v2: ## the live cgroup v2 suite in a throwaway VM
	bash hack/e2e-v2.sh

lxcfs-suite: ## LXCFS's own upstream tests (fetched from Debian's source package) against the daemon
	bash hack/lxcfs-suite.sh

chart: ## lint the Helm chart and render deploy/
	bash hack/chart.sh

deploy: chart ## alias: deploy/ is rendered from the chart

images: ## build the container images (podman: on local Debian-built bases, no registry; or docker)
	bash hack/images.sh

clean: ## remove build outputs (the cache outside the repo stays)
	rm -rf artifacts */*/bin */*/obj
