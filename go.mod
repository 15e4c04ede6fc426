module github.com/gonstools/gonstools

go 1.26.0

require (
	github.com/vishvananda/netns v0.0.5
	golang.org/x/sys v0.49.0
)

require (
	github.com/cpuguy83/go-md2man/v2 v2.0.7 // indirect
	github.com/russross/blackfriday/v2 v2.1.0 // indirect
)

tool github.com/cpuguy83/go-md2man/v2
