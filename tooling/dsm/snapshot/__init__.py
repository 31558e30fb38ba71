"""`dsm snapshot`: the plugin's GUI, laid out by the runtime, painted to a PNG with Pillow.

`scene` talks to the runtime (the draw list of `Layout/DrawList.luau`, the plugin set-up in
`stage.luau`), `paint` draws a draw list (with `shapes`, `gradient` and the bundled
`fonts`), `capture` is the command's flow and `compare` measures how far two pictures differ.
"""
