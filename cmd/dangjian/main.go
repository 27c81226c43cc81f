// Command dangjian is the whole Dangjian product: server, migrations and command-line tools.
package main

import (
	"os"

	"dangjian/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args)) }
