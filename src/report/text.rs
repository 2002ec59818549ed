//! A plain text report (such as `summary.html`), written atomically like every other report:
//! to a temporary file in the output folder, renamed into place at [`Reports::commit`].

use std::io::Write;

use super::Reports;
use crate::Result;

impl Reports {
    /// Write a text report named `name` with the given contents.
    pub fn text(&mut self, name: &str, contents: &str) -> Result<()> {
        let target = self.dir.join(name);
        let (mut file, temp) = self.temp(name)?.into_parts();
        file.write_all(contents.as_bytes())
            .map_err(|e| super::write_error(&target, &e))?;
        self.pending(file, temp, target, None);
        Ok(())
    }
}
