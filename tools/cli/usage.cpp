// Help texts (see usage.hpp).
#include "tools/cli/usage.hpp"

#include <cstdio>

namespace granary::tools {

std::string MainUsage() {
  return "granary is the command-line tool of the Granary database engine.\n"
         "\n"
         "Usage:\n"
         "  granary COMMAND [OPTION]...\n"
         "\n"
         "Commands:\n"
         "  init     create a new data directory\n"
         "  serve    accept PostgreSQL clients (psql, libpq, JDBC, ...) on a TCP port\n"
         "  sql      run SQL against a data directory (an embedded interactive shell)\n"
         "  verify   recover a data directory if needed and check every page on disk\n"
         "  waldump  print the write-ahead log of a data directory\n"
         "\n"
         "Options:\n"
         "  -V, --version  output version information, then exit\n"
         "  -?, --help     show this help, then exit\n"
         "\n"
         "Run \"granary COMMAND --help\" for the options of a command.\n";
}

std::string InitUsage() {
  return "granary init creates a new Granary data directory.\n"
         "\n"
         "Usage:\n"
         "  granary init -D DATADIR [OPTION]...\n"
         "  granary init DATADIR [OPTION]...\n"
         "\n"
         "Options:\n"
         "  -D, --data-dir=DATADIR  location of the new data directory\n"
         "  -U, --superuser=NAME    name of the superuser role (default: granary)\n"
         "      --pwfile=FILE       read the superuser's password from the first line of FILE;\n"
         "                          without it, loopback connections are trusted (hba.conf)\n"
         "  -?, --help              show this help, then exit\n";
}

std::string ServeUsage() {
  return "granary serve accepts PostgreSQL clients on a data directory, in the foreground.\n"
         "\n"
         "Usage:\n"
         "  granary serve -D DATADIR [OPTION]...\n"
         "\n"
         "Options:\n"
         "  -D, --data-dir=DATADIR       data directory to serve (default: $GRANARY_DATA)\n"
         "  -p, --port=PORT              TCP port (default: 54321; 0 picks a free one)\n"
         "  -h, --listen=ADDRESSES       comma-separated IP addresses, or * (default: 127.0.0.1)\n"
         "  -c NAME=VALUE                set a configuration parameter (as in granary.conf)\n"
         "  -?, --help                   show this help, then exit\n"
         "\n"
         "Settings are read from DATADIR/granary.conf (PostgreSQL's postgresql.conf syntax) and\n"
         "overridden by options. Clients authenticate by DATADIR/hba.conf. SIGINT or SIGTERM\n"
         "shut the server down fast: running statements are cancelled, sessions end, and the\n"
         "data directory is closed cleanly. SIGHUP reloads hba.conf and the settings that may\n"
         "change without a restart (the timeouts); the log says what changed.\n";
}

std::string SqlUsage() {
  return "granary sql runs SQL against a data directory, like psql against a server.\n"
         "\n"
         "Usage:\n"
         "  granary sql -D DATADIR [OPTION]...\n"
         "\n"
         "Options:\n"
         "  -D, --data-dir=DATADIR   data directory to open (default: $GRANARY_DATA)\n"
         "  -c, --command=COMMAND    run only a single command (SQL or backslash) and exit\n"
         "  -f, --file=FILENAME      execute commands from file (\"-\" for standard input),\n"
         "                           then exit; -c and -f may be repeated and mixed\n"
         "  -v, --set=NAME=VALUE     set variable NAME to VALUE (e.g. -v ON_ERROR_STOP=1)\n"
         "      --csv                CSV (Comma-Separated Values) table output mode\n"
         "      --verbose-errors     show SQLSTATE codes and object names in errors\n"
         "                           (like \\set VERBOSITY verbose)\n"
         "  -q, --quiet              run quietly (no messages, only query output)\n"
         "  -X, --no-psqlrc          accepted for psql compatibility; there is no startup file\n"
         "  -?, --help               show this help, then exit\n"
         "\n"
         "Without -c or -f, commands are read from standard input: interactively with\n"
         "prompts when it is a terminal.\n"
         "\n"
         "Exit status: 0 on success, 1 when a statement failed, 2 for bad usage, 3 when\n"
         "a script stopped on an error because of ON_ERROR_STOP.\n";
}

std::string VerifyUsage() {
  return "granary verify opens a data directory, recovering it if it was not shut down\n"
         "cleanly, and reads every page of every relation file back from disk to check its\n"
         "checksum and layout.\n"
         "\n"
         "Usage:\n"
         "  granary verify -D DATADIR\n"
         "\n"
         "Options:\n"
         "  -D, --data-dir=DATADIR  data directory to check\n"
         "  -?, --help              show this help, then exit\n"
         "\n"
         "Exit status: 0 when every page is sound, 1 otherwise.\n";
}

std::string WaldumpUsage() {
  return "granary waldump prints the write-ahead log of a data directory, one record per\n"
         "line, and where and why the valid log ends. It only reads: the directory may be\n"
         "in use.\n"
         "\n"
         "Usage:\n"
         "  granary waldump -D DATADIR [OPTION]...\n"
         "\n"
         "Options:\n"
         "  -D, --data-dir=DATADIR  data directory whose log to read\n"
         "  -s, --start=LSN         start at LSN (like 0/1000028; default: the redo point of\n"
         "                          the last checkpoint)\n"
         "  -z, --stats             print totals per resource manager instead of records\n"
         "  -?, --help              show this help, then exit\n";
}

int UsageError(std::string_view message, std::string_view usage) {
  if (!message.empty()) {
    std::fprintf(stderr, "granary: error: %.*s\n", static_cast<int>(message.size()),
                 message.data());
  }
  std::fwrite(usage.data(), 1, usage.size(), stderr);
  return kExitUsage;
}

}  // namespace granary::tools
