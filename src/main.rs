//! The `slant` binary: parse the command line, run, and turn the outcome into an exit status
//! and a one-line error. Exit status: 0 success; 2 usage error; 1 any other failure. A closed
//! pipe (`slant … | head`) ends the program quietly.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // As the reports spell file names: an argument that is not UTF-8 (a Latin-1 file name)
    // is recorded with `\xE4` for its bytes, where `args()` would panic.
    let command_line: Vec<String> = std::env::args_os()
        .map(|arg| slant::input::escaped(&arg))
        .collect();
    let cli = match slant::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout with exit 0, errors to stderr with 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match slant::cmd::run(cli, command_line) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            // Messages can quote the corpus (field names, file names): escape what a terminal
            // would act on.
            let message = e.to_string();
            eprintln!(
                "slant: error: {}",
                slant::sanitize::for_terminal(&message, true)
            );
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
        }
    }
}
