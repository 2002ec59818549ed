//! A plain text report (such as `summary.html`), written atomically like every other report:
//! to a temporary file in the output folder, renamed into place at [`Reports::commit`].

use std::io::Write;

use super::Reports;
use crate::{Error, Result};

impl Reports {
    /// Write a text report named `name` with the given contents.
    pub fn text(&mut self, name: &str, contents: &str) -> Result<()> {
        let target = self.dir.join(name);
        let mut file = self.temp(name)?;
        let write_err =
            |e: std::io::Error| Error::failure(format!("{}: cannot write: {e}", target.display()));
        file.write_all(contents.as_bytes()).map_err(write_err)?;
        file.as_file().sync_all().map_err(write_err)?;
        self.done.push((file.into_temp_path(), target));
        Ok(())
    }
}
