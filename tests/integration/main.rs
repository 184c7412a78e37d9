//! Integration tests, one binary: the whole pipeline on fixture documents.

mod batch;
mod cli;
mod corpus;
mod crosscheck;
mod damaged;
mod golden;
mod hostile;
mod pdf;
mod pdfbuild;
mod readme;
mod reports;
mod seed;
mod sqlite;
mod upr;
