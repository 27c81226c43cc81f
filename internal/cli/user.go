package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"dangjian/internal/i18n"
	"dangjian/internal/model"
	"dangjian/internal/service/auth"
	"dangjian/internal/service/errs"
)

func runUser(ctx context.Context, args []string, out io.Writer) error {
	const usageText = "Usage: dangjian user create|passwd|list [flags]\n\n" +
		"  create --username U --password P [--role admin|secadmin|auditor|staff|secretary|member] [--org ORG_ID] [--member MEMBER_ID]\n" +
		"  passwd --username U --password P   (a reset: the user chooses a new password at the next login)\n  list\n\n" +
		"The password follows the policy (8+ characters, three of: upper case, lower case, digits, symbols).\n" +
		"admin, secadmin and auditor are the three administrators (三员) and hold no other role; admin covers\n" +
		"the whole tree, secadmin and auditor the whole tree or --org's subtree."
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprintln(out, usageText)
		if len(args) == 0 {
			return &exitError{code: 2}
		}
		return nil
	}
	sub := args[0]
	fs := flags("user "+sub, "user "+sub+" [flags]")
	o := dbFlags(fs)
	username := fs.String("username", "", "login name")
	password := fs.String("password", "", "password (the policy: 8+ characters, three character classes)")
	role := fs.String("role", "", "role: admin, secadmin, auditor, staff, secretary or member")
	orgID := fs.Int64("org", 0, "organisation id the role covers (with its subtree); none for the whole tree (admin, secadmin, auditor)")
	memberID := fs.Int64("member", 0, "member id linked to the account (role member)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, err := o.open(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	switch sub {
	case "create":
		u, err := a.Auth.CreateUser(ctx, auth.System, auth.NewUser{Username: *username, Password: *password,
			Role: model.Role(*role), OrgID: *orgID, MemberID: *memberID})
		if err != nil {
			return explain(err)
		}
		fmt.Fprintf(out, "User %s created (id %d, role %s).\n", u.Username, u.ID, *role)
	case "passwd":
		u, err := a.Store.GetUserByUsername(ctx, *username)
		if err != nil {
			return &exitError{code: 1, msg: "no user " + *username}
		}
		if err := a.Auth.ResetPassword(ctx, auth.System, u.ID, *password); err != nil {
			return explain(err)
		}
		fmt.Fprintf(out, "Password of %s reset; their sessions were ended and a new password is asked at their next login.\n", u.Username)
	case "list":
		users, _, err := a.Auth.ListUsers(ctx, auth.System, 1000, 0)
		if err != nil {
			return err
		}
		for _, u := range users {
			var grants []string
			for _, g := range u.Grants {
				s := string(g.Role)
				if g.OrgID != 0 {
					s += fmt.Sprintf("@%d(%s)", g.OrgID, g.OrgName)
				}
				grants = append(grants, s)
			}
			fmt.Fprintf(out, "%-6d %-20s %s\n", u.ID, u.Username, strings.Join(grants, ", "))
		}
	default:
		fmt.Fprintln(out, usageText)
		return &exitError{code: 2}
	}
	return nil
}

// explain turns a domain error into a readable message for the terminal.
func explain(err error) error { return explainIn(err, envOr("DANGJIAN_LANG", "en")) }

func explainIn(err error, lang string) error {
	e, ok := errs.As(err)
	if !ok {
		return err
	}
	l := i18n.For(lang)
	msg := l.T(e.Code, e.Params)
	for _, f := range e.Fields {
		msg += fmt.Sprintf("\n  %s: %s", f.Field, l.T(f.Code, f.Params))
	}
	return &exitError{code: 1, msg: msg}
}
