//! The `unrec` command: wires the library to the command line.

mod cli;
mod signals;

fn main() -> std::process::ExitCode {
    cli::run()
}
