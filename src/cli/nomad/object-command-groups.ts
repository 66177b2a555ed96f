/**
 * The command groups of the replicated objects besides policies and tokens, with Nomad's help
 * texts: `acl role` (1.4+), `acl auth-method` and `acl binding-rule` (1.5+), `namespace` (OSS 1.0+)
 * and `node pool` (1.6+). Each exists only in a profile whose Nomad has the object kind, or keeps
 * it for Enterprise (0.9's `namespace`).
 */
import type { CommandGroup } from './command.js';

export const OBJECT_COMMAND_GROUPS: readonly CommandGroup[] = [
  {
    kind: 'group',
    name: 'acl role',
    synopsis: 'Interact with ACL roles',
    objectKind: 'roles',
    help: `Usage: nomad acl role <subcommand> [options] [args]

  This command groups subcommands for interacting with ACL roles. Nomad's ACL
  system can be used to control access to data and APIs. ACL roles are
  associated with one or more ACL policies which grant specific capabilities.
  For a full guide see: https://developer.hashicorp.com/nomad/tutorials/access-control

  Create an ACL role:

      $ nomad acl role create -name="name" -policy-name="policy-name"

  List all ACL roles:

      $ nomad acl role list

  Lookup a specific ACL role:

      $ nomad acl role info <acl_role_id>

  Update an ACL role:

      $ nomad acl role update -name="updated-name" <acl_role_id>

  Delete an ACL role:

      $ nomad acl role delete <acl_role_id>

  Please see the individual subcommand help for detailed usage information.`,
  },
  {
    kind: 'group',
    name: 'acl auth-method',
    synopsis: 'Interact with ACL auth methods',
    objectKind: 'auth-methods',
    help: `Usage: nomad acl auth-method <subcommand> [options] [args]

  This command groups subcommands for interacting with ACL auth methods.

  Create an ACL auth method:

      $ nomad acl auth-method create -name="name" -type="OIDC" -max-token-ttl="3600s"

  List all ACL auth methods:

      $ nomad acl auth-method list

  Lookup a specific ACL auth method:

      $ nomad acl auth-method info <acl_auth_method_name>

  Update an ACL auth method:

      $ nomad acl auth-method update -type="updated-type" <acl_auth_method_name>

  Delete an ACL auth method:

      $ nomad acl auth-method delete <acl_auth_method_name>

  Please see the individual subcommand help for detailed usage information.`,
  },
  {
    kind: 'group',
    name: 'acl binding-rule',
    synopsis: 'Interact with ACL binding rules',
    objectKind: 'binding-rules',
    help: `Usage: nomad acl binding-rule <subcommand> [options] [args]

  This command groups subcommands for interacting with ACL binding rules.
  Nomad's ACL system can be used to control access to data and APIs. For a full
  guide see: https://www.nomadproject.io/guides/acl.html

  Create an ACL binding rule:

      $ nomad acl binding-rule create \\
          -auth-method=auth0 \\
          -selector="nomad-engineering in list.groups" \\
          -bind-type=role \\
          -bind-name="custer-admin" \\

  List all ACL binding rules:

      $ nomad acl binding-rule list

  Lookup a specific ACL binding rule:

      $ nomad acl binding-rule info <acl_binding_rule_id>

  Update an ACL binding rule:

      $ nomad acl binding-rule update \\
          -description="nomad engineering team" \\
          <acl_binding_rule_id>

  Delete an ACL binding rule:

      $ nomad acl binding-rule delete <acl_binding_rule_id>

  Please see the individual subcommand help for detailed usage information.`,
  },
  {
    kind: 'group',
    name: 'namespace',
    synopsis: 'Interact with namespaces',
    objectKind: 'namespaces',
    help: `Usage: nomad namespace <subcommand> [options] [args]

  This command groups subcommands for interacting with namespaces. Namespaces
  allow jobs and their associated objects to be segmented from each other and
  other users of the cluster. For a full guide on namespaces see:
  https://developer.hashicorp.com/nomad/tutorials/manage-clusters/namespaces

  Create or update a namespace:

      $ nomad namespace apply -description "My new namespace" <name>

  List namespaces:

      $ nomad namespace list

  View the status of a namespace:

      $ nomad namespace status <name>

  Please see the individual subcommand help for detailed usage information.`,
  },
  {
    kind: 'group',
    name: 'node pool',
    synopsis: 'Interact with node pools',
    objectKind: 'node-pools',
    help: `Usage: nomad node pool <subcommand> [options] [args]

  This command groups subcommands for interacting with node pools. Node pools
  are used to partition and control access to a group of nodes. This command
  can be used to create, update, list, and delete node pools.

  Create or update a node pool:

    $ nomad node pool apply <path>

  List all node pools:

    $ nomad node pool list

  Fetch information on an existing node pool:

    $ nomad node info <name>

  Delete a node pool:

    $ nomad node pool delete <name>

  Please refer to individual subcommand help for detailed usage information.`,
  },
];
